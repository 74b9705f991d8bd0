// Decides whether `npm start` must (re)build the dashboard: a fingerprint of the
// sources' paths, sizes and modification times, kept beside the build.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "public", "types"];
const SOURCE_FILES = ["next.config.js", "package-lock.json", "tsconfig.json", "postcss.config.mjs", "prisma/schema.prisma"];
const FINGERPRINT_FILE = path.join(".next", "warden-build-fingerprint");

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (!/\.(test|int\.test)\.tsx?$/.test(entry.name)) out.push(full);
  }
}

export function sourceFingerprint(root: string): string {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) walk(path.join(root, dir), files);
  for (const file of SOURCE_FILES) if (existsSync(path.join(root, file))) files.push(path.join(root, file));
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    const stat = statSync(file);
    hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

export function buildIsCurrent(root: string): boolean {
  const file = path.join(root, FINGERPRINT_FILE);
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(file)) return false;
  return readFileSync(file, "utf8").trim() === sourceFingerprint(root);
}

export function recordBuild(root: string, fingerprint: string): void {
  writeFileSync(path.join(root, FINGERPRINT_FILE), fingerprint);
}
