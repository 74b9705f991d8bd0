// Test support: a webhook receiver on 127.0.0.1 that answers from a script of
// status codes and records every request it gets (integration tests only).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answeredWith: number;
}

export interface TestReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Resolves when the receiver has answered `count` requests in total. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `answers` are used in order, one per request; the last one repeats. An answer is a
 * status code, or { status, headers } for redirects, or "hang" to never answer.
 */
export async function startTestReceiver(
  answers: Array<number | { status: number; headers: Record<string, string> } | "hang">,
): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: Array<() => void> = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer = answers[Math.min(requests.length, answers.length - 1)] ?? 200;
      const status = answer === "hang" ? 0 : typeof answer === "number" ? answer : answer.status;
      requests.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), answeredWith: status });
      for (const wake of waiters.splice(0)) wake();
      if (answer === "hang") {
        hanging.add(response);
        return;
      }
      response.writeHead(status, typeof answer === "number" ? { "content-type": "text/plain" } : answer.headers);
      response.end(status >= 500 ? "upstream database unavailable" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/warden`,
    port,
    requests,
    async waitForRequests(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${requests.length} requests, expected ${count}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
