// Webhook signing secrets: 32 random bytes behind a readable prefix. Stored as is
// (the HMAC needs the secret itself, unlike API keys which are only compared by hash),
// shown in full once when created or rotated, and listed only by a short prefix.
import { randomBytes } from "node:crypto";

const PREFIX = "whsec_";

export function generateWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** What lists show of a secret: enough to tell two apart, far too little to sign with. */
export function webhookSecretPrefix(secret: string): string {
  return secret.slice(0, PREFIX.length + 6);
}
