import { describe, expect, it } from "vitest";
import { parseTranscript } from "@/lib/ingest/adapters";
import { scanText } from "@/lib/detection";
import { generateDemoConversations } from "./generate";

const NOW = new Date("2026-11-26T12:00:00Z");

describe("demo data", () => {
  const conversations = generateDemoConversations(NOW);

  it("is deterministic and about 5,000 messages over the last two weeks", () => {
    expect(generateDemoConversations(NOW)).toEqual(conversations);
    const messages = conversations.flatMap((c) => c.messages);
    expect(messages.length).toBeGreaterThan(4_000);
    expect(messages.length).toBeLessThan(6_500);
    const times = messages.map((m) => Date.parse(m.created_at!));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 15 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
  });

  it("parses as canonical Warden transcripts", () => {
    for (const conversation of conversations.slice(-6)) {
      const parsed = parseTranscript({ messages: conversation.messages }, "warden");
      expect(parsed.ok, conversation.id).toBe(true);
    }
  });

  it("contains the incidents the dashboard should show: injection, reverse shell, secret leak", () => {
    const incident = conversations.find((c) => c.id === "demo-incident-web-injection")!;
    const surfer = incident.messages.find((m) => m.sender === "web_surfer")!;
    expect(scanText(surfer.content!).findings.map((f) => f.category)).toContain("prompt_injection");
    const coder = incident.messages.find((m) => m.sender === "coder")!;
    expect(scanText(coder.content!).findings.map((f) => f.category)).toContain("code_execution");
    const leak = conversations.find((c) => c.id === "demo-incident-secret-leak")!;
    expect(leak.messages.some((m) => scanText(m.content!).findings.some((f) => f.category === "secrets"))).toBe(true);
    expect(conversations.find((c) => c.id === "demo-incident-flooding")!.messages.filter((m) => m.sender === "web_surfer").length).toBe(60);
  });
});
