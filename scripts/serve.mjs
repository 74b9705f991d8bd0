// The HTTP server of `npm start`: Next.js behind a plain Node server, so the client
// address every route sees is the one computed by client-address.mjs rather than a
// header the client chose, and a malformed path escape is a 400 (see malformed-path.mjs), not
// Next.js's bare 500. Everything else is Next.js's own request handling.
//   node scripts/serve.mjs <port> [--dev]
import { createServer } from "node:http";
import next from "next";
import { clientAddress, trustedProxyCount } from "./client-address.mjs";
import { hasMalformedPath, MALFORMED_PATH_BODY } from "./malformed-path.mjs";

const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
const dev = process.argv.includes("--dev");
const trustedProxies = trustedProxyCount(process.env.WARDEN_TRUSTED_PROXIES);

const app = next({ dev, port, hostname: "0.0.0.0" });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  if (hasMalformedPath(req.url ?? "/")) {
    res.writeHead(400, { "content-type": "application/json", "cache-control": "no-store" }).end(MALFORMED_PATH_BODY);
    return;
  }
  const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies);
  if (address) req.headers["x-forwarded-for"] = address;
  else delete req.headers["x-forwarded-for"];
  delete req.headers["x-real-ip"];
  void handle(req, res);
});
server.on("upgrade", (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));
server.listen(port, () => console.log(`> Ready on http://localhost:${port}${dev ? " (development)" : ""}`));

const shutdown = () => server.close(() => process.exit(0));
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
