import { describe, expect, it } from "vitest";
import * as orgsRoute from "@/app/api/orgs/route";
import * as projectsRoute from "@/app/api/orgs/[orgId]/projects/route";
import { db } from "@/lib/db/client";
import { call, createTenant, sessionCookie } from "@/tests/fixtures";
import { useMigratedDatabase } from "@/tests/test-database";

useMigratedDatabase();

const origin = { origin: "http://localhost:3000" };

describe("slugs of new organizations and projects", () => {
  it("are all created, each with its own slug, when the same name is sent six times at once (a double-clicked form)", async () => {
    const t = await createTenant("slugs");
    const cookie = await sessionCookie(t.owner.id);
    const orgs = await Promise.all(Array.from({ length: 6 }, () => call(orgsRoute.POST, "POST", "/o", { cookie, json: { name: "Same Name" }, headers: origin })));
    expect(orgs.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const orgSlugs = (await db().organization.findMany({ where: { name: "Same Name" }, select: { slug: true } })).map((o) => o.slug).sort();
    expect(orgSlugs).toEqual(["same-name", "same-name-2", "same-name-3", "same-name-4", "same-name-5", "same-name-6"]);

    const projects = await Promise.all(
      Array.from({ length: 6 }, () => call(projectsRoute.POST, "POST", "/p", { cookie, params: { orgId: t.organization.id }, json: { name: "Agents" }, headers: origin })),
    );
    expect(projects.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(projects.map((r) => r.body.project.slug)).size).toBe(6);
  });

  it("take a random suffix once the name and twenty numbered variants are taken, instead of failing", async () => {
    const t = await createTenant("slugs-many");
    const cookie = await sessionCookie(t.owner.id);
    const slugs: string[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await call(projectsRoute.POST, "POST", "/p", { cookie, params: { orgId: t.organization.id }, json: { name: "Crowded" }, headers: origin });
      expect(res.status).toBe(201);
      slugs.push(res.body.project.slug);
    }
    expect(slugs.slice(0, 20)).toEqual(["crowded", ...Array.from({ length: 19 }, (_, i) => `crowded-${i + 2}`)]);
    expect(slugs.slice(20)).toEqual([expect.stringMatching(/^crowded-[0-9a-f]{6}$/), expect.stringMatching(/^crowded-[0-9a-f]{6}$/)]);
    expect(new Set(slugs).size).toBe(22);
  });
});
