"use client";

// The project's alert rules: list with enable/disable, edit and delete for owners and
// admins (viewers read), and the form to create one.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ListChecks } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { PATTERNLESS_TYPES, RULE_TYPE_LABELS } from "@/lib/alerts/rule-types";
import { fetchJson } from "@/lib/client/fetch-json";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { PARAM_FIELDS } from "./rule-form-state";
import { RuleForm, type RuleRow } from "./rule-form";

function paramSummary(rule: RuleRow): string {
  return PARAM_FIELDS[rule.type]
    .filter((f) => rule.params[f.key] !== null && rule.params[f.key] !== undefined)
    .map((f) => `${f.label.replace(/ \(.*\)$/, "")}: ${String(rule.params[f.key]).replace(/_/g, " ")}`)
    .join(" · ");
}

export function RulesPanel({ orgId, projectId, canEdit, basePath }: { orgId: string; projectId: string; canEdit: boolean; basePath: string }) {
  const url = `/api/orgs/${orgId}/projects/${projectId}/alert-rules`;
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ["alert-rules", projectId], queryFn: () => fetchJson<{ rules: RuleRow[] }>(url) });
  const [editing, setEditing] = useState<RuleRow | "new" | null>(null);
  const change = useMutation({
    mutationFn: ({ rule, action }: { rule: RuleRow; action: "toggle" | "delete" }) =>
      action === "delete" ? fetchJson(`${url}/${rule.id}`, { method: "DELETE" }) : fetchJson(`${url}/${rule.id}`, { method: "PATCH", body: { enabled: !rule.enabled } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["alert-rules"] }),
  });

  return (
    <div className="space-y-4">
      {canEdit && editing === null ? (
        <Button onClick={() => setEditing("new")}>New rule</Button>
      ) : !canEdit ? (
        <p className="text-sm text-slate-600">You can read the rules; an owner or admin creates and changes them.</p>
      ) : null}
      {editing !== null ? <RuleForm key={editing === "new" ? "new" : editing.id} url={url} rule={editing === "new" ? null : editing} basePath={basePath} onDone={() => setEditing(null)} /> : null}
      <ErrorNote error={rules.error ?? change.error} />
      {rules.isPending ? <div className="h-64 animate-pulse rounded-lg bg-slate-200" aria-label="Loading rules" /> : null}
      {rules.data && rules.data.rules.length === 0 ? (
        <EmptyState title="No rules" icon={<ListChecks size={28} aria-hidden />}>
          <p>Without rules no alert opens. Create one (flooding and blocked spikes are good first rules) and try it on the last 7 days before saving.</p>
        </EmptyState>
      ) : null}
      {rules.data && rules.data.rules.length > 0 ? (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="rules-list">
          {rules.data.rules.map((rule) => (
            <li key={rule.id} className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="rule-row">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <SeverityBadge severity={rule.severity} />
                  <span className="font-medium text-slate-900">{rule.name}</span>
                  <span className="text-xs text-slate-500">{RULE_TYPE_LABELS[rule.type].label}</span>
                  {rule.isDefault ? <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">default</span> : null}
                  {!rule.enabled ? <span className="rounded bg-slate-200 px-1.5 text-xs text-slate-700">disabled</span> : null}
                  {rule.openAlerts > 0 ? <span className="rounded-full bg-red-50 px-2 text-xs text-red-700">{rule.openAlerts} unresolved</span> : null}
                </div>
                <p className="mt-0.5 text-xs text-slate-600">
                  {paramSummary(rule)}
                  {PATTERNLESS_TYPES.includes(rule.type) ? "" : ` · agents: ${rule.agentPattern ?? "all"}`}
                </p>
              </div>
              {canEdit ? (
                <div className="flex gap-2">
                  <Button variant="secondary" onClick={() => change.mutate({ rule, action: "toggle" })} disabled={change.isPending}>
                    {rule.enabled ? "Disable" : "Enable"}
                  </Button>
                  <Button variant="secondary" onClick={() => setEditing(rule)}>
                    Edit
                  </Button>
                  <Button
                    variant="danger"
                    disabled={change.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete the rule “${rule.name}”? Its alerts stay in the feed.`)) change.mutate({ rule, action: "delete" });
                    }}
                  >
                    Delete
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
