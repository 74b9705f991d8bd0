import "server-only";
import { pool } from "./client";

export async function databaseHealth(): Promise<"ok" | "unreachable"> {
  try {
    await Promise.race([
      pool().query("SELECT 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000)),
    ]);
    return "ok";
  } catch {
    return "unreachable";
  }
}
