import { databaseHealth } from "@/lib/db/health";
import { jsonResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/** Database reachability only: no versions, hosts or configuration. */
export async function GET(): Promise<Response> {
  const database = await databaseHealth();
  return jsonResponse({ status: database === "ok" ? "ok" : "degraded", database }, { status: database === "ok" ? 200 : 503 });
}
