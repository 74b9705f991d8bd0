import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// argon2id with OWASP's recommended memory/time cost (19 MiB, 2 passes).
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random password, verified against when the account does not exist,
// so that a login for an unknown email costs as long as one for a known email.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("warden-timing-equaliser-0b5e6c");
  return dummyHash;
}

const COMMON_PASSWORDS = new Set([
  "password1234", "passwordpassword", "123456789012", "qwertyuiopas", "letmeinletmein",
  "iloveyou1234", "adminadminadmin", "welcome12345", "changeme1234", "administrator",
]);

/** At least 12 characters and not made of one repeated or very common string. */
export const passwordSchema = z
  .string()
  .min(12, "must be at least 12 characters")
  .max(256, "must be at most 256 characters")
  .refine((value) => new Set(value).size >= 5, "is too repetitive")
  .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), "is too common");
