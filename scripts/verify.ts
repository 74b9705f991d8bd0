// `npm run verify -- <bundle>`: checks a Warden audit bundle, prints OK or the first record that was
// changed, removed, inserted or reordered, and exits 0 or 1 (2 when the file cannot be read).
import { createReadStream } from "node:fs";
import { splitLines, verifyBundle } from "@/lib/export/verify";

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("usage: npm run verify -- <bundle.jsonl>");
    return 2;
  }
  let result;
  try {
    result = await verifyBundle(splitLines(createReadStream(file)));
  } catch (error) {
    console.error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (result.ok) {
    const { manifest } = result;
    const chains = `${result.segments} chain${result.segments === 1 ? "" : "s"}`;
    console.log(`OK  ${result.kind} bundle: ${result.records} records in ${chains}, ${result.findings} findings`);
    console.log(`    ${manifest.project ? `project ${manifest.project.name}, ` : ""}exported ${manifest.exportedAt} by ${manifest.exporter.label}`);
    console.log(`    last hash ${result.lastHash ?? "(none)"}`);
    return 0;
  }
  const where = [
    result.position !== null ? `position ${result.position}` : null,
    `line ${result.line}`,
    result.segment !== null ? `${result.kind === "conversations" ? "conversation" : "chain"} ${result.segment}` : null,
    result.seq !== null ? `seq ${result.seq}` : null,
  ].filter(Boolean);
  console.log(`FAILED  ${result.problem.toUpperCase()} at ${where.join(", ")}`);
  console.log(`    ${result.message}`);
  return 1;
}

main().then((code) => process.exit(code));
