// The server's environment, validated once with clear messages. Everything else
// reads configuration from here, never from process.env directly.
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

const envSchema = z.object({
  DATABASE_URL: optionalString.pipe(
    z.url({ protocol: /^postgres(ql)?$/, message: "DATABASE_URL must be a postgresql:// URL" }).optional(),
  ),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  WARDEN_DATA_DIR: z.string().default(".data"),
  WARDEN_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  WARDEN_ADMIN_EMAIL: optionalString,
  WARDEN_ADMIN_PASSWORD: optionalString,
  WARDEN_INIT_ORG: optionalString,
  WARDEN_INIT_PROJECT: optionalString,
  WARDEN_INIT_API_KEY: optionalString,
  // "0" skips loading the demo data set on a fresh installation.
  WARDEN_DEMO: z.enum(["0", "1"]).default("1"),
  // Requests per second one API key may make; bursts above it get 429 with Retry-After.
  WARDEN_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(200),
  // "1" lets webhooks reach loopback, private and link-local addresses (a receiver on
  // the same host or network); off by default because webhook URLs are user input.
  WARDEN_WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"]).default("0"),
  // Reverse proxies in front of Warden that append to X-Forwarded-For; read by the
  // server in scripts/serve.mjs (validated here so a bad value stops start-up).
  WARDEN_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  // Events one request of a search (text, conversation or category filter) may read before it
  // answers with what it found and a cursor that goes on (lib/ingest/read.ts).
  WARDEN_SEARCH_EVENTS_PER_REQUEST: z.coerce.number().int().min(100).max(100_000_000).default(100_000),
  // "0": this server process runs no background tasks (instrumentation.ts reads it).
  WARDEN_WORKER: z.enum(["0", "1"]).default("1"),
});

export type ServerEnv = z.infer<typeof envSchema>;

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * The database URL for code that runs inside the app. Read afresh (not from the
 * cache) because the launcher sets it after start-up, once the embedded server runs.
 */
export function databaseUrl(): string {
  const url = envSchema.shape.DATABASE_URL.parse(process.env.DATABASE_URL);
  if (!url) throw new Error("DATABASE_URL is not set. Start Warden with `npm start`, which provides it.");
  return url;
}
