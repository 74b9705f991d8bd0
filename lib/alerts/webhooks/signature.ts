// The Warden-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// Signing the timestamp with the body lets a receiver refuse replays of an old
// delivery; the README's verification snippets implement the same check.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Warden-Signature";
export const EVENT_HEADER = "Warden-Event";
export const DELIVERY_HEADER = "Warden-Delivery";
/** How far a signature's time may be from the receiver's clock, by default. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function signWebhookBody(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

/**
 * True when `header` carries a v1 signature of `body` made with `secret` at a time
 * within `toleranceSeconds` of `nowSeconds`. Several v1 entries are accepted (any one
 * may match), so a sender could sign with an old and a new secret during rotation.
 */
export function verifyWardenSignature(options: {
  secret: string;
  body: string;
  header: string | null | undefined;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const { secret, body, header } = options;
  if (!header) return false;
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(now - timestamp) > tolerance) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "hex"), expected));
}
