// The dashboard's sections, in sidebar order. `ready` marks sections already built;
// the others show what is coming and how to get there.
import { storableString } from "./http/storable";

export interface NavItem {
  segment: string;
  label: string;
  group: "monitor" | "respond" | "settings";
}

export const NAV_ITEMS: readonly NavItem[] = [
  { segment: "overview", label: "Overview", group: "monitor" },
  { segment: "events", label: "Events", group: "monitor" },
  { segment: "conversations", label: "Conversations", group: "monitor" },
  { segment: "agents", label: "Agents", group: "monitor" },
  { segment: "playground", label: "Playground", group: "monitor" },
  { segment: "alerts", label: "Alerts", group: "respond" },
  { segment: "rules", label: "Rules", group: "respond" },
  { segment: "export", label: "Export", group: "respond" },
  { segment: "settings/api-keys", label: "API keys", group: "settings" },
  { segment: "settings/webhooks", label: "Webhooks", group: "settings" },
  { segment: "settings/projects", label: "Projects", group: "settings" },
  { segment: "settings/members", label: "Members", group: "settings" },
  { segment: "settings/detection", label: "Detection policy", group: "settings" },
  { segment: "settings/usage", label: "Usage", group: "settings" },
  { segment: "settings/audit-log", label: "Audit log", group: "settings" },
];

export function projectPath(orgSlug: string, projectSlug: string, segment = "overview"): string {
  return `/o/${orgSlug}/p/${projectSlug}/${segment}`;
}

/**
 * A dynamic segment of a page URL as its user-given value. Next.js hands pages (unlike
 * route handlers) the segment still percent-encoded, and agent names and conversation ids
 * are client-chosen: "ops/web surfer" arrives as "ops%2Fweb%20surfer". Null when the
 * encoding is malformed (a bare "%"), which the page answers with a 404. A NUL ("%00")
 * becomes U+FFFD, as in everything the API stores (lib/http/storable.ts).
 */
export function pageSegment(raw: string): string | null {
  try {
    return storableString(decodeURIComponent(raw));
  } catch {
    return null;
  }
}
