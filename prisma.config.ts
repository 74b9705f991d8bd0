import { defineConfig } from "prisma/config";

// The Prisma CLI is used here only for `generate` and `validate`: migrations are
// applied by the project's own runner (lib/db/migrate.ts). The URL is read only by
// CLI commands that talk to a database, so it may be absent.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
