import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, errorResponse } from "./errors";

async function body(response: Response) {
  return { status: response.status, retryAfter: response.headers.get("retry-after"), json: await response.json() };
}

describe("errorResponse", () => {
  it("answers 503 with Retry-After when Prisma cannot reach the database, without internals", async () => {
    const prismaError = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
      code: "P1001",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 } } },
    });
    const res = await body(errorResponse(prismaError));
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe("5");
    expect(res.json).toEqual({ error: { code: "unavailable", message: "The database is unavailable; retry shortly." } });
  });

  it("answers 503 for a connection dropped by a restarting server (SQLSTATE 57P01) found in the cause chain", async () => {
    const inner = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    expect((await body(errorResponse(new Error("query failed", { cause: inner })))).status).toBe(503);
  });

  it("answers 503 for the errors pg gives while the server restarts (a broken pooled client, a connect timeout)", async () => {
    for (const message of ["Client has encountered a connection error and is not queryable", "timeout exceeded when trying to connect", "the database system is shutting down"]) {
      expect((await body(errorResponse(new Error(message)))).status, message).toBe(503);
    }
  });

  it("answers a generic 500 for an unknown error and shows nothing of it", async () => {
    const res = await body(errorResponse(new Error("secret internal detail at /srv/app.ts:12")));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.json)).not.toContain("secret internal detail");
  });

  it("turns a zod error into 422 naming the nested field", async () => {
    const parsed = z.object({ context: z.object({ agent_id: z.string() }) }).safeParse({ context: {} });
    const res = await body(errorResponse(parsed.error));
    expect(res.status).toBe(422);
    expect(res.json.error.field).toBe("context.agent_id");
  });

  it("keeps an ApiError's status, field and Retry-After", async () => {
    const res = await body(errorResponse(new ApiError("rate_limited", "slow down", { retryAfterSeconds: 1.2 })));
    expect(res).toMatchObject({ status: 429, retryAfter: "2" });
  });
});
