"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Download, ScrollText, ShieldAlert, ShieldCheck } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { Field, TextInput } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { fetchJson } from "@/lib/client/fetch-json";
import { RetentionSetting, type RetentionInfo } from "./retention-setting";

interface AuditEntryRow {
  id: string;
  seq: number;
  created_at: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  target: { type: string; id: string | null };
  project: { id: string; name: string | null } | null;
  source_ip: string | null;
  metadata: unknown;
}

type ChainStatus =
  | { ok: true; count: number; last_seq: number | null; last_hash: string | null }
  | { ok: false; count: number; broken_at_seq: number | null; reason: string };

interface Summary {
  chain: ChainStatus;
  filters: { actions: string[]; target_types: string[] };
  retention: RetentionInfo;
}

interface Filters {
  action: string;
  actor: string;
  actor_type: string;
  target_type: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { action: "", actor: "", actor_type: "", target_type: "", from: "", to: "" };

const REASONS: Record<string, string> = {
  missing: "an entry was deleted",
  out_of_order: "an entry was inserted or moved",
  prev_hash_mismatch: "an entry does not link to the one before it",
  altered: "an entry was edited",
  unchained: "an entry has no hash",
};

/** The filters as query parameters; datetime-local values are the viewer's wall time, sent as instants. */
function filterQuery(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ["action", "actor", "actor_type", "target_type"] as const) if (filters[key]) query.set(key, filters[key]);
  if (filters.from) query.set("from", new Date(filters.from).toISOString());
  if (filters.to) query.set("to", new Date(filters.to).toISOString());
  return query;
}

/** Action families ("api_key.") before the exact actions, so one choice covers creation and revocation. */
function actionChoices(actions: string[]): string[] {
  const families = [...new Set(actions.filter((a) => a.includes(".")).map((a) => `${a.split(".")[0]}.`))];
  return [...families, ...actions];
}

function ChainIndicator({ chain }: { chain: ChainStatus }) {
  if (chain.ok) {
    return (
      <p data-testid="audit-chain-status" className="flex items-center gap-2 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        <ShieldCheck size={16} aria-hidden />
        Chain verified ✓ — {chain.count} {chain.count === 1 ? "entry" : "entries"}, each hashed with the one before it.
        {chain.last_hash ? <code className="ml-auto font-mono text-xs" title={chain.last_hash}>head {chain.last_hash.slice(0, 12)}…</code> : null}
      </p>
    );
  }
  return (
    <p data-testid="audit-chain-status" role="alert" className="flex items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      <ShieldAlert size={16} aria-hidden />
      Chain broken at #{chain.broken_at_seq ?? "?"}: {REASONS[chain.reason] ?? chain.reason}. The entries before it verify; investigate who had database access.
    </p>
  );
}

export function AuditLogPanel({ orgId, canSetRetention }: { orgId: string; canSetRetention: boolean }) {
  const base = `/api/orgs/${orgId}/audit-log`;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const summary = useQuery({ queryKey: ["audit-log-summary", orgId], queryFn: () => fetchJson<Summary>(`${base}/summary`) });
  const query = filterQuery(filters);
  const entries = useInfiniteQuery({
    queryKey: ["audit-log", orgId, query.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const page = new URLSearchParams(query);
      page.set("limit", "50");
      if (pageParam) page.set("cursor", pageParam);
      return fetchJson<{ entries: AuditEntryRow[]; next_cursor: string | null }>(`${base}?${page}`);
    },
    getNextPageParam: (last) => last.next_cursor,
  });

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilters(Object.fromEntries(Object.keys(NO_FILTERS).map((k) => [k, String(form.get(k) ?? "")])) as unknown as Filters);
  }

  const rows = entries.data?.pages.flatMap((p) => p.entries) ?? [];
  const filtered = query.toString() !== "";
  const exportLink = (format: string) => `${base}/export?${new URLSearchParams([...(format === "bundle" ? [] : query.entries()), ["format", format]])}`;
  const selectClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

  return (
    <div className="space-y-6">
      {summary.data ? <ChainIndicator chain={summary.data.chain} /> : null}
      <ErrorNote error={summary.error} />

      <form onSubmit={onFilter} aria-label="Audit log filters" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3 lg:grid-cols-6 lg:items-end">
        <Field label="Action">
          <select name="action" defaultValue="" className={selectClass}>
            <option value="">Any action</option>
            {actionChoices(summary.data?.filters.actions ?? []).map((a) => (
              <option key={a} value={a}>
                {a.endsWith(".") ? `${a}* (all)` : a}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Actor">
          <TextInput name="actor" placeholder="email or key name" maxLength={200} />
        </Field>
        <Field label="Actor type">
          <select name="actor_type" defaultValue="" className={selectClass}>
            <option value="">Anyone</option>
            <option value="user">Member</option>
            <option value="api_key">API key</option>
            <option value="system">System</option>
          </select>
        </Field>
        <Field label="Target type">
          <select name="target_type" defaultValue="" className={selectClass}>
            <option value="">Any target</option>
            {(summary.data?.filters.target_types ?? []).map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From">
          <TextInput name="from" type="datetime-local" />
        </Field>
        <Field label="To">
          <TextInput name="to" type="datetime-local" />
        </Field>
        <div className="flex flex-wrap items-center gap-2 md:col-span-3 lg:col-span-6">
          <Button type="submit">Apply filters</Button>
          <Button type="reset" variant="secondary" onClick={() => setFilters(NO_FILTERS)}>
            Clear
          </Button>
          <span className="ml-auto flex flex-wrap items-center gap-2 text-sm">
            <Download size={14} aria-hidden className="text-slate-500" />
            <a className="text-brand-700 underline" href={exportLink("bundle")} title="Every entry with its hash chain; check it with npm run verify">
              Audit bundle (whole chain)
            </a>
            <a className="text-brand-700 underline" href={exportLink("jsonl")}>
              JSON Lines{filtered ? " (filtered)" : ""}
            </a>
            <a className="text-brand-700 underline" href={exportLink("csv")}>
              CSV{filtered ? " (filtered)" : ""}
            </a>
          </span>
        </div>
      </form>

      <ErrorNote error={entries.error} />
      {entries.isPending ? (
        <div className="h-32 animate-pulse rounded-lg bg-slate-200" aria-label="Loading the audit log" />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No entries match these filters" : "Nothing recorded yet"} icon={<ScrollText size={28} aria-hidden />}>
          {filtered
            ? "Widen the time range or clear a filter."
            : "Creating or revoking an API key, changing a member's role, a rule or the detection policy, acknowledging an alert or exporting data is recorded here."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">#</th>
                <th className="px-4 py-2">Time</th>
                <th className="px-4 py-2">Actor</th>
                <th className="px-4 py-2">Action</th>
                <th className="px-4 py-2">Target</th>
                <th className="px-4 py-2">Project</th>
                <th className="px-4 py-2">Source address</th>
                <th className="px-4 py-2">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((entry) => (
                <tr key={entry.id} data-testid="audit-log-row" className="align-top">
                  <td className="px-4 py-2 font-mono text-xs text-slate-500">{entry.seq}</td>
                  <td className="whitespace-nowrap px-4 py-2">
                    <Time value={entry.created_at} />
                  </td>
                  <td className="px-4 py-2">
                    <span className="block">{entry.actor.label}</span>
                    <span className="text-xs text-slate-500">{entry.actor.type === "api_key" ? "API key" : entry.actor.type === "user" ? "member" : "system"}</span>
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{entry.action}</td>
                  <td className="px-4 py-2">
                    <span className="block">{entry.target.type}</span>
                    {entry.target.id ? <span className="font-mono text-xs text-slate-500">{entry.target.id}</span> : null}
                  </td>
                  <td className="px-4 py-2">{entry.project ? (entry.project.name ?? "deleted project") : "—"}</td>
                  <td className="px-4 py-2 font-mono text-xs">{entry.source_ip ?? "—"}</td>
                  <td className="max-w-md px-4 py-2">
                    <code className="block truncate font-mono text-xs text-slate-600" title={JSON.stringify(entry.metadata)}>
                      {JSON.stringify(entry.metadata)}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries.hasNextPage ? (
        <Button type="button" variant="secondary" disabled={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
          {entries.isFetchingNextPage ? "Loading…" : "Older entries"}
        </Button>
      ) : null}

      {summary.data ? <RetentionSetting orgId={orgId} retention={summary.data.retention} canSet={canSetRetention} /> : null}
    </div>
  );
}
