// The shape of an API key secret: readable prefix + 32 random bytes in base62.
// Pure (no server-only) so the start-up provisioning and the tests can share it.
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "wdn_live_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// 32 random bytes are 256 bits; base62 needs ceil(256 / log2(62)) = 43 characters.
const RANDOM_CHARS = 43;
export const API_KEY_PATTERN = /^wdn_live_[0-9A-Za-z]{43,128}$/;
/** How much of a secret is kept in clear to recognise the key in lists. */
export const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export function generateApiKeySecret(): string {
  // Rejection sampling keeps every base62 character equally likely.
  let out = "";
  while (out.length < RANDOM_CHARS) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && out.length < RANDOM_CHARS) out += BASE62[byte % 62];
    }
  }
  return API_KEY_PREFIX + out;
}

export function isWellFormedApiKey(secret: string): boolean {
  return API_KEY_PATTERN.test(secret);
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}
