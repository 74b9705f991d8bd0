// API keys: created with their secret shown once, stored only as a SHA-256 hash,
// listed by display prefix, revocable at once.
import "server-only";
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { isoInstant } from "@/lib/http/instant";
import { enabledRulesJson, type EnabledRuleRows } from "@/lib/alerts/enabled-rules-sql";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db, pool } from "@/lib/db/client";
import { preparedQuery } from "@/lib/db/sql";
import type { StoredDetectionSettings, TextStorageMode } from "@/lib/scan/project-detection";
import { ApiKeyScope } from "@/lib/db/generated/enums";
import { ApiError } from "@/lib/http/errors";
import { quotaPolicy, type QuotaPolicy, type Tier } from "@/lib/usage/quota";
import { API_RATE_LIMIT_PREFIX, API_RATE_WINDOW_MS, type ApiRateWindow } from "./throttle";
import { displayPrefix, generateApiKeySecret, hashApiKey, isWellFormedApiKey } from "./api-key-format";

export const API_KEY_SCOPES = Object.values(ApiKeyScope);
export type { ApiKeyScope };

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, "choose at least one scope")
    .transform((scopes) => [...new Set(scopes)]),
  expiresAt: isoInstant()
    .nullish()
    .transform((value) => (value ? new Date(value) : null))
    .refine((value) => value === null || value.getTime() > Date.now(), "must be in the future"),
});
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

// What lists show: never the hash.
const publicKeyFields = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  createdBy: { select: { email: true, name: true } },
} as const;

export interface ProjectScope {
  organizationId: string;
  projectId: string;
}

export async function createApiKey(scope: ProjectScope, input: CreateApiKeyInput, actor: Actor, sourceIp: string | null) {
  const secret = generateApiKeySecret();
  const key = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        organizationId: scope.organizationId,
        projectId: scope.projectId,
        name: input.name,
        prefix: displayPrefix(secret),
        keyHash: hashApiKey(secret),
        scopes: input.scopes,
        expiresAt: input.expiresAt,
        createdById: actor.type === "user" ? actor.id : null,
      },
      select: publicKeyFields,
    });
    await recordAudit(tx, {
      ...scope,
      actor,
      action: "api_key.created",
      targetType: "api_key",
      targetId: created.id,
      metadata: { name: created.name, prefix: created.prefix, scopes: created.scopes },
      sourceIp,
    });
    return created;
  });
  return { key, secret };
}

export function listApiKeys(scope: ProjectScope) {
  return db().apiKey.findMany({
    where: { organizationId: scope.organizationId, projectId: scope.projectId },
    orderBy: { createdAt: "desc" },
    select: publicKeyFields,
  });
}

export async function revokeApiKey(scope: ProjectScope, keyId: string, actor: Actor, sourceIp: string | null) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id: keyId, organizationId: scope.organizationId, projectId: scope.projectId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const key = await tx.apiKey.findFirst({
      where: { id: keyId, organizationId: scope.organizationId, projectId: scope.projectId },
      select: publicKeyFields,
    });
    if (!key) throw new ApiError("not_found", "No such API key in this project.");
    if (count > 0) {
      await recordAudit(tx, {
        ...scope,
        actor,
        action: "api_key.revoked",
        targetType: "api_key",
        targetId: key.id,
        metadata: { name: key.name, prefix: key.prefix },
        sourceIp,
      });
    }
    return key;
  });
}

export interface ApiKeyPrincipal {
  keyId: string;
  keyName: string;
  organizationId: string;
  projectId: string;
  scopes: ApiKeyScope[];
  organization: { id: string; slug: string; name: string; tier: string };
  project: { id: string; slug: string; name: string };
  /** The project's stored detection settings, read with the key so a scan needs no second query. */
  projectSettings: StoredDetectionSettings;
  /** The organization's quota policy, read with the key so an ingest batch needs no second query. */
  quotaPolicy: QuotaPolicy;
  /** This request's place in the key's rate-limit window, counted by the lookup. */
  rateWindow: ApiRateWindow;
  /** The project's enabled alert rules, read with the key so an ingest batch needs no second query. */
  alertRules: EnabledRuleRows;
}

// lastUsedAt is written at most once a minute per key, so a busy key does not
// turn every request into a row update.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves the caller of an `/api/v1` request from `Authorization: Bearer wdn_live_…`.
 * The lookup is by the SHA-256 of the whole secret (a unique index), so no part of
 * the secret is compared in clear and a matching prefix alone opens nothing.
 */
export async function authenticateApiKey(request: Request, requiredScope: ApiKeyScope | null): Promise<ApiKeyPrincipal> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError("unauthorized", "Missing API key: send Authorization: Bearer wdn_live_…");
  }
  const secret = match[1];
  const presentedHash = hashApiKey(secret);
  if (!isWellFormedApiKey(secret)) throw new ApiError("unauthorized", "Invalid API key.");

  const key = await findKeyByHash(presentedHash);
  // Defence in depth: the index found the row by hash; compare again in constant time.
  if (!key || !timingSafeEqual(Buffer.from(key.keyHash, "hex"), Buffer.from(presentedHash, "hex"))) {
    throw new ApiError("unauthorized", "Invalid API key.");
  }
  if (key.revokedAt) throw new ApiError("unauthorized", "This API key was revoked.");
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw new ApiError("unauthorized", "This API key has expired.");
  if (key.project.organizationId !== key.organizationId) throw new ApiError("unauthorized", "Invalid API key.");
  if (requiredScope && !key.scopes.includes(requiredScope)) {
    throw new ApiError("forbidden", `This API key lacks the "${requiredScope}" scope.`);
  }

  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests write it once; failure must not fail the request.
    await pool()
      // Columns hold UTC wall time (Prisma's convention); convert explicitly so the
      // process's time zone never shifts them.
      .query(
        `UPDATE "ApiKey" SET "lastUsedAt" = $2::timestamptz AT TIME ZONE 'UTC'
         WHERE "id" = $1 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $3::timestamptz AT TIME ZONE 'UTC')`,
        [key.id, new Date(now).toISOString(), new Date(now - LAST_USED_RESOLUTION_MS).toISOString()],
      )
      .catch(() => undefined);
  }

  return {
    keyId: key.id,
    keyName: key.name,
    organizationId: key.organizationId,
    projectId: key.projectId,
    scopes: key.scopes,
    organization: key.organization,
    project: { id: key.project.id, slug: key.project.slug, name: key.project.name },
    projectSettings: { detectionPolicy: key.project.detectionPolicy, textStorage: key.project.textStorage },
    quotaPolicy: quotaPolicy({ tier: key.organization.tier as Tier, monthlyEventQuota: key.monthlyEventQuota }),
    rateWindow: key.rateWindow,
    alertRules: key.alertRules,
  };
}

interface KeyRow {
  id: string;
  name: string;
  keyHash: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  organizationId: string;
  projectId: string;
  organization: { id: string; slug: string; name: string; tier: string };
  monthlyEventQuota: number | null;
  rateWindow: ApiRateWindow;
  alertRules: EnabledRuleRows;
  project: { id: string; slug: string; name: string; organizationId: string; detectionPolicy: unknown; textStorage: TextStorageMode };
}

// Every API request runs this, so it is one plain SQL round trip: the key, its organization
// and project with its detection settings and alert rules, and the request counted against the key's
// per-second rate limit (rate-limiter-flexible's upsert on its own table and key, so the
// count is shared by every instance exactly as the library keeps it).
const FIND_KEY_BY_HASH = `
WITH k AS (
  SELECT k."id", k."name", k."keyHash", k."scopes"::text[] AS "scopes", k."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt",
  k."revokedAt" AT TIME ZONE 'UTC' AS "revokedAt", k."lastUsedAt" AT TIME ZONE 'UTC' AS "lastUsedAt",
  k."organizationId", k."projectId", o."slug" AS "orgSlug", o."name" AS "orgName", o."tier"::text AS "tier", o."monthlyEventQuota",
  p."slug" AS "projectSlug", p."name" AS "projectName", p."organizationId" AS "projectOrg",
  p."detectionPolicy", p."textStorage"::text AS "textStorage",
  ${enabledRulesJson('k."projectId"')} AS "alertRules"
  FROM "ApiKey" k JOIN "Organization" o ON o."id" = k."organizationId" JOIN "Project" p ON p."id" = k."projectId"
  WHERE k."keyHash" = $1
),
hit AS (
  INSERT INTO "rate_limits" ("key", "points", "expire")
  SELECT '${API_RATE_LIMIT_PREFIX}:' || "id", 1, $2::bigint FROM k
  ON CONFLICT ("key") DO UPDATE SET
    "points" = CASE WHEN "rate_limits"."expire" <= $3::bigint THEN 1 ELSE "rate_limits"."points" + 1 END,
    "expire" = CASE WHEN "rate_limits"."expire" <= $3::bigint THEN $2::bigint ELSE "rate_limits"."expire" END
  RETURNING "points", "expire"
)
SELECT k.*, hit."points" AS "ratePoints", hit."expire" AS "rateExpire" FROM k LEFT JOIN hit ON true`;

async function findKeyByHash(keyHash: string): Promise<KeyRow | null> {
  const now = Date.now();
  const { rows } = await pool().query<Record<string, unknown>>(preparedQuery(FIND_KEY_BY_HASH, [keyHash, now + API_RATE_WINDOW_MS, now]));
  const r = rows[0];
  if (!r) return null;
  return {
    id: String(r.id),
    name: String(r.name),
    keyHash: String(r.keyHash),
    scopes: r.scopes as ApiKeyScope[],
    expiresAt: (r.expiresAt as Date | null) ?? null,
    revokedAt: (r.revokedAt as Date | null) ?? null,
    lastUsedAt: (r.lastUsedAt as Date | null) ?? null,
    organizationId: String(r.organizationId),
    projectId: String(r.projectId),
    organization: { id: String(r.organizationId), slug: String(r.orgSlug), name: String(r.orgName), tier: String(r.tier) },
    monthlyEventQuota: (r.monthlyEventQuota as number | null) ?? null,
    rateWindow: { requests: Number(r.ratePoints), endsAt: Number(r.rateExpire) },
    alertRules: r.alertRules as EnabledRuleRows,
    project: {
      id: String(r.projectId),
      slug: String(r.projectSlug),
      name: String(r.projectName),
      organizationId: String(r.projectOrg),
      detectionPolicy: r.detectionPolicy,
      textStorage: r.textStorage as TextStorageMode,
    },
  };
}
