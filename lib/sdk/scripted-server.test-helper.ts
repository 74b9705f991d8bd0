// A real HTTP server on 127.0.0.1 whose every answer the test scripts, so the SDK is tested
// through its actual fetch, headers, bodies and sockets rather than a mocked fetch.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { EventBatchResponse, EventItemResult } from "@/lib/ingest/schemas";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
}

export type Reply =
  | { status: number; body?: unknown; raw?: string; headers?: Record<string, string> }
  /** Never answer (until the server closes): a hung upstream. */
  | "hang"
  /** Drop the connection without an answer. */
  | "destroy";

export type Script = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Most requests the server was answering at the same time. */
  maxConcurrent(): number;
  close(): Promise<void>;
}

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  let current = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: text === "" ? undefined : JSON.parse(text),
      };
      const index = requests.push(recorded) - 1;
      current++;
      peak = Math.max(peak, current);
      const reply = await script(recorded, index);
      if (reply === "hang") return;
      current--;
      if (reply === "destroy") return void req.socket.destroy();
      const payload = reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
      res.writeHead(reply.status, { "content-type": reply.raw ? "text/html" : "application/json", ...reply.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxConcurrent: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The answer of POST /api/v1/events storing every event, or giving the listed indexes another status. */
export function eventsAnswer(request: RecordedRequest, overrides: Record<number, Omit<EventItemResult, "index" | "id">> = {}): EventBatchResponse {
  const events = (request.body as { events: { id: string }[] }).events;
  const results: EventItemResult[] = events.map((event, index) => ({ id: event.id, index, status: "stored", ...overrides[index] }));
  const count = (status: EventItemResult["status"]) => results.filter((r) => r.status === status).length;
  return { results, stored: count("stored"), duplicates: count("duplicate"), rejected: count("rejected"), quota_exceeded: count("quota_exceeded") };
}

export function eventIds(request: RecordedRequest | undefined): string[] {
  return (request?.body as { events: { id: string }[] }).events.map((event) => event.id);
}

/** A promise the test resolves when it chooses: holds a server answer back. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
