import { apiKeyRoute } from "@/lib/auth/route";
import { ApiError, jsonResponse } from "@/lib/http/errors";
import { ingestEventBatch } from "@/lib/ingest/event-batch";
import { eventQuerySchema, listEvents } from "@/lib/ingest/read";
import { parseQuery } from "@/lib/http/query";
import { eventBatchSchema, MAX_EVENTS_PER_BATCH, MAX_INGEST_BODY_BYTES } from "@/lib/ingest/schemas";

/** Stores a batch of scan events; answers a status per item (207 when any item was not stored). */
export const POST = apiKeyRoute(
  { scope: "ingest", body: eventBatchSchema, bodyLimitBytes: MAX_INGEST_BODY_BYTES },
  async ({ principal, body }) => {
    if (body.events.length > MAX_EVENTS_PER_BATCH) {
      throw new ApiError("payload_too_large", `events: at most ${MAX_EVENTS_PER_BATCH} events per batch`, { field: "events" });
    }
    const scope = { organizationId: principal.organizationId, projectId: principal.projectId };
    const answer = await ingestEventBatch(scope, body.events, principal.projectSettings.textStorage, {
      quotaPolicy: principal.quotaPolicy,
      alertRules: principal.alertRules,
    });
    const response = jsonResponse(answer, { status: answer.rejected + answer.quota_exceeded > 0 ? 207 : 200 });
    // Not gzipped by the server (which honours no-transform): the answer is about 11 kB per
    // 100 events, and compressing it took about 8% of the server's CPU per ingest request.
    response.headers.set("cache-control", "no-store, no-transform");
    return response;
  },
);

/** Scan events of the project, newest first, filtered, with a cursor for the next page. */
export const GET = apiKeyRoute({ scope: "read" }, async ({ principal, request }) =>
  listEvents({ organizationId: principal.organizationId, projectId: principal.projectId }, parseQuery(eventQuerySchema, request.url)),
);
