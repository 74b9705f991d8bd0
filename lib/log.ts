// Structured JSON logs. Never log secrets: keys, passwords and tokens are redacted
// by path as a second line of defence.
import pino from "pino";

export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "warden" },
  redact: {
    paths: ["password", "*.password", "secret", "*.secret", "authorization", "*.authorization", "req.headers.cookie"],
    censor: "[redacted]",
  },
});
