// Sends one webhook request, refusing forbidden targets after DNS resolution. The
// host name is resolved once here, every address is checked, and the connection is
// pinned to the checked address through http.request's `lookup`, so a DNS answer that
// changes between the check and the connect (rebinding) cannot redirect it. TLS still
// verifies the certificate against the URL's host name.
import "server-only";
import { promises as dns } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { assertWebhookUrlAllowed, refusedAddressReason, WebhookTargetRefused } from "./address-policy";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

export interface TransportOptions {
  allowPrivate: boolean;
  resolver: HostResolver;
  /** Budget for resolving, connecting, sending and reading the answer. */
  timeoutMs: number;
}

/** The address to connect to: the URL's IP literal, or the first of the host's addresses once all of them passed. */
export async function resolveCheckedAddress(url: URL, options: Pick<TransportOptions, "allowPrivate" | "resolver">): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  if (literal) {
    const reason = options.allowPrivate ? null : refusedAddressReason(host);
    if (reason) throw new WebhookTargetRefused(`${host} is ${reason}, which webhooks may not reach`);
    return { address: host, family: literal === 6 ? 6 : 4 };
  }
  const addresses = await options.resolver(host);
  if (addresses.length === 0) throw new Error(`${host} did not resolve to any address`);
  if (!options.allowPrivate) {
    for (const entry of addresses) {
      const reason = refusedAddressReason(entry.address);
      if (reason) throw new WebhookTargetRefused(`${host} resolves to ${entry.address}, ${reason}, which webhooks may not reach`);
    }
  }
  return addresses[0]!;
}

function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

export interface WebhookResponse {
  statusCode: number;
  statusMessage: string;
  /** The start of the answer's body, for the delivery's last error. */
  bodySnippet: string;
  location: string | null;
}

const SNIPPET_BYTES = 512;

/**
 * POSTs `body` to `rawUrl` with `headers`. Never follows a redirect (the 3xx is the
 * answer). Throws WebhookTargetRefused for a forbidden target (nothing is sent), or
 * an Error for DNS, connection and timeout failures.
 */
export async function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: TransportOptions,
): Promise<WebhookResponse> {
  const url = assertWebhookUrlAllowed(rawUrl, { allowPrivate: options.allowPrivate });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const timedOut = () => new Error(`no answer within ${options.timeoutMs} ms`);
  try {
    const target = await Promise.race([
      resolveCheckedAddress(url, options),
      new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(timedOut()), { once: true })),
    ]);
    return await new Promise<WebhookResponse>((resolve, reject) => {
      const client = url.protocol === "https:" ? https : http;
      const request = client.request(
        url,
        {
          method: "POST",
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
          lookup: pinnedLookup(target),
          // A fresh connection per attempt: a pooled socket could belong to an earlier resolution.
          agent: false,
          signal: controller.signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const finish = () =>
            resolve({
              statusCode: response.statusCode ?? 0,
              statusMessage: response.statusMessage ?? "",
              bodySnippet: Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString("utf8"),
              location: typeof response.headers.location === "string" ? response.headers.location : null,
            });
          response.on("data", (chunk: Buffer) => {
            if (size >= SNIPPET_BYTES) return;
            chunks.push(chunk);
            size += chunk.length;
            // The status is all that counts; stop reading a large answer.
            if (size >= SNIPPET_BYTES) {
              finish();
              response.destroy();
            }
          });
          response.on("end", finish);
          response.on("error", (error) => (controller.signal.aborted ? reject(timedOut()) : reject(error)));
        },
      );
      request.on("error", (error) => (controller.signal.aborted ? reject(timedOut()) : reject(error)));
      request.end(body);
    });
  } finally {
    clearTimeout(timer);
  }
}
