import { describe, expect, it } from "vitest";
import { auditEntryHash, canonicalAuditEntry, verifyAuditChain, type AuditChainFields, type ChainedAuditEntry } from "./chain";

const ORG = "0193f2a4-6b1e-7c3d-9a10-4f5e6d7c8b9a";

function fields(seq: number, overrides: Partial<AuditChainFields> = {}): AuditChainFields {
  return {
    seq,
    organizationId: ORG,
    projectId: "0193f2a4-7000-7000-8000-000000000001",
    actorType: "user",
    actorId: "0193f2a4-7000-7000-8000-0000000000aa",
    actorLabel: "alice@acme.example",
    action: seq % 2 ? "api_key.created" : "api_key.revoked",
    targetType: "api_key",
    targetId: `key-${seq}`,
    metadata: { name: `ingest worker ${seq}`, scopes: ["scan", "ingest"] },
    sourceIp: "203.0.113.7",
    createdAt: new Date(Date.UTC(2026, 10, 26, 15, 0, seq, 123)).toISOString(),
    ...overrides,
  };
}

function chain(count: number): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = [];
  let prev: string | null = null;
  for (let seq = 1; seq <= count; seq++) {
    const f = fields(seq);
    const hash = auditEntryHash(prev, f);
    entries.push({ ...f, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe("canonicalAuditEntry", () => {
  it("is the same whatever the key order of the entry and of its metadata", () => {
    const a = fields(3, { metadata: { rule: { threshold: 5, window: "5m" }, name: "flood" } });
    const b: AuditChainFields = {
      createdAt: a.createdAt,
      sourceIp: a.sourceIp,
      metadata: { name: "flood", rule: { window: "5m", threshold: 5 } },
      targetId: a.targetId,
      targetType: a.targetType,
      action: a.action,
      actorLabel: a.actorLabel,
      actorId: a.actorId,
      actorType: a.actorType,
      projectId: a.projectId,
      organizationId: a.organizationId,
      seq: a.seq,
    };
    expect(canonicalAuditEntry(b)).toBe(canonicalAuditEntry(a));
  });

  it("is the same for NFC and NFD spellings of labels, metadata values and metadata keys", () => {
    const nfc = "Zoë Müller";
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    const composed = fields(1, { actorLabel: nfc, metadata: { ["café"]: nfc, list: [nfc] } });
    const decomposed = fields(1, { actorLabel: nfd, metadata: { ["café".normalize("NFD")]: nfd, list: [nfd] } });
    expect(canonicalAuditEntry(decomposed)).toBe(canonicalAuditEntry(composed));
    expect(auditEntryHash(null, decomposed)).toBe(auditEntryHash(null, composed));
  });

  it("writes sorted keys without whitespace and null for absent optional fields", () => {
    const form = canonicalAuditEntry(fields(1, { projectId: null, actorId: null, targetId: null, sourceIp: null, metadata: { b: 1, a: [true, null] } }));
    expect(form).toBe(
      `{"action":"api_key.created","actorId":null,"actorLabel":"alice@acme.example","actorType":"user",` +
        `"createdAt":"2026-11-26T15:00:01.123Z","metadata":{"a":[true,null],"b":1},"organizationId":"${ORG}",` +
        `"projectId":null,"seq":1,"sourceIp":null,"targetId":null,"targetType":"api_key"}`,
    );
  });

  it("accepts a Date for createdAt and hashes it like its ISO string", () => {
    const iso = fields(2);
    expect(canonicalAuditEntry({ ...iso, createdAt: new Date(iso.createdAt) })).toBe(canonicalAuditEntry(iso));
  });

  it("keeps attacker-controlled text inert: quotes and newlines are escaped, not structure", () => {
    const form = canonicalAuditEntry(fields(1, { actorLabel: 'x","seq":99,"a":"\n' }));
    expect(JSON.parse(form).seq).toBe(1);
  });

  it("changes the hash when any covered field or the previous hash changes", () => {
    const base = fields(4);
    const h = auditEntryHash("a".repeat(64), base);
    expect(auditEntryHash("b".repeat(64), base)).not.toBe(h);
    for (const change of [{ sourceIp: "198.51.100.1" }, { action: "api_key.created!" }, { metadata: { name: "other" } }, { seq: 5 }]) {
      expect(auditEntryHash("a".repeat(64), { ...base, ...change })).not.toBe(h);
    }
  });
});

describe("verifyAuditChain", () => {
  it("accepts an untouched chain and reports its end", () => {
    const entries = chain(6);
    expect(verifyAuditChain(entries)).toEqual({ ok: true, count: 6, lastSeq: 6, lastHash: entries[5]!.hash });
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0, lastSeq: null, lastHash: null });
  });

  it("finds an edited entry at its position", () => {
    const entries = chain(6);
    entries[3] = { ...entries[3]!, actorLabel: "mallory@acme.example" };
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, position: 3, seq: 4, reason: "altered" });
  });

  it("finds an edited entry whose hash was recomputed, at the next entry", () => {
    const entries = chain(6);
    const forged = { ...fields(3), action: "nothing.happened" };
    entries[2] = { ...forged, prevHash: entries[1]!.hash, hash: auditEntryHash(entries[1]!.hash, forged) };
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, position: 3, seq: 4, reason: "prev_hash_mismatch" });
  });

  it("finds a deleted entry where the gap is", () => {
    const entries = chain(6);
    entries.splice(2, 1);
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, position: 2, seq: 4, reason: "missing" });
  });

  it("finds deleted first entries", () => {
    expect(verifyAuditChain(chain(3).slice(1))).toMatchObject({ ok: false, position: 0, seq: 2, reason: "missing" });
  });

  it("finds deleted last entries only against the expected end", () => {
    const entries = chain(6);
    const end = { seq: 6, hash: entries[5]!.hash! };
    expect(verifyAuditChain(entries.slice(0, 4), { expectLast: end })).toMatchObject({ ok: false, position: 4, reason: "truncated" });
    expect(verifyAuditChain(entries, { expectLast: end }).ok).toBe(true);
  });

  it("finds two swapped entries at the first of them", () => {
    const entries = chain(6);
    [entries[1], entries[2]] = [entries[2]!, entries[1]!];
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, position: 1, seq: 3, reason: "missing" });
  });

  it("finds an inserted entry at its position, even when it reuses a seq and links correctly", () => {
    const entries = chain(5);
    const forged = fields(3, { action: "member.removed" });
    entries.splice(3, 0, { ...forged, prevHash: entries[1]!.hash, hash: auditEntryHash(entries[1]!.hash, forged) });
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, position: 3, seq: 3, reason: "out_of_order" });
  });

  it("finds an entry appended with a forged hash at the end", () => {
    const entries = chain(4);
    entries.push({ ...fields(5), prevHash: entries[3]!.hash, hash: "f".repeat(64) });
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, position: 4, seq: 5, reason: "altered" });
  });

  it("refuses an entry that was never chained", () => {
    const entries = chain(3);
    entries[1] = { ...entries[1]!, hash: null };
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, position: 1, reason: "unchained" });
  });

  it("verifies a chain from the middle given the anchor before it", () => {
    const entries = chain(6);
    const after = { seq: 2, hash: entries[1]!.hash! };
    expect(verifyAuditChain(entries.slice(2), { after })).toMatchObject({ ok: true, count: 4, lastSeq: 6 });
    expect(verifyAuditChain(entries.slice(2), { after: { seq: 2, hash: "0".repeat(64) } })).toMatchObject({
      ok: false,
      position: 0,
      reason: "prev_hash_mismatch",
    });
  });
});
