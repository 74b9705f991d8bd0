// Vitest global setup for integration tests: one PostgreSQL server for the run.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { freePort, startTestServer } from "./database-server";

export default async function setup(project: TestProject) {
  const server = await startTestServer(await freePort(Number(process.env.WARDEN_TEST_PG_PORT ?? 25431)));
  project.provide("testDatabaseServerUrl", server.url);
  project.provide("testSessionSecret", randomBytes(32).toString("base64url"));
  return () => server.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseServerUrl: string;
    testSessionSecret: string;
  }
}
