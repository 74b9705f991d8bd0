"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/error-note";
import { fetchJson } from "@/lib/client/fetch-json";
import type { Policy, PolicyAction } from "@/lib/detection";

const CATEGORY_LABELS: Record<keyof Policy, string> = {
  prompt_injection: "Prompt injection",
  jailbreak: "Jailbreak",
  code_execution: "Code execution",
  data_exfiltration: "Data exfiltration",
  secrets: "Secrets",
  pii: "Personal data",
};
const DIRECTIONS = ["inbound", "internal", "outbound"] as const;
const ACTIONS: PolicyAction[] = ["block", "flag", "allow"];
const STORAGE = [
  { value: "masked", label: "Masked: secrets and personal data replaced by [REDACTED:<rule>] (recommended)" },
  { value: "full", label: "Full text" },
  { value: "none", label: "Nothing: only length and SHA-256" },
] as const;

interface Settings {
  policy: Policy;
  textStorage: "masked" | "full" | "none";
  defaults: Policy;
}

export function PolicyEditor({ orgId, projectId, canEdit }: { orgId: string; projectId: string; canEdit: boolean }) {
  const url = `/api/orgs/${orgId}/projects/${projectId}/detection-settings`;
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ["detection-settings", projectId], queryFn: () => fetchJson<Settings>(url) });
  const [draft, setDraft] = useState<Omit<Settings, "defaults"> | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data && !draft) setDraft({ policy: settings.data.policy, textStorage: settings.data.textStorage });
  }, [settings.data, draft]);

  const save = useMutation({
    mutationFn: (body: Omit<Settings, "defaults">) => fetchJson(url, { method: "PUT", body }),
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: ["detection-settings", projectId] });
    },
  });

  if (!settings.data || !draft) {
    return settings.error ? <ErrorNote error={settings.error} /> : <div className="h-64 animate-pulse rounded-lg bg-slate-200" aria-label="Loading policy" />;
  }
  const defaults = settings.data.defaults;

  function setRule(category: keyof Policy, direction: (typeof DIRECTIONS)[number], patch: Partial<Policy[keyof Policy]["inbound"]>) {
    setSaved(false);
    setDraft((current) =>
      current && {
        ...current,
        policy: { ...current.policy, [category]: { ...current.policy[category], [direction]: { ...current.policy[category][direction], ...patch } } },
      },
    );
  }

  return (
    <div className="space-y-6">
      {!canEdit ? <p className="text-sm text-slate-600">You have read-only access: an admin or owner can change the policy.</p> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">Category</th>
              {DIRECTIONS.map((direction) => (
                <th key={direction} className="px-4 py-2">
                  {direction}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {(Object.keys(CATEGORY_LABELS) as (keyof Policy)[]).map((category) => (
              <tr key={category}>
                <td className="px-4 py-2 font-medium">{CATEGORY_LABELS[category]}</td>
                {DIRECTIONS.map((direction) => {
                  const rule = draft.policy[category][direction];
                  return (
                    <td key={direction} className="px-4 py-2">
                      <div className="flex items-center gap-2">
                        <select
                          aria-label={`${category} ${direction} action`}
                          value={rule.action}
                          disabled={!canEdit}
                          onChange={(event) => setRule(category, direction, { action: event.target.value as PolicyAction })}
                          className="rounded-md border border-slate-300 bg-white px-2 py-1"
                        >
                          {ACTIONS.map((action) => (
                            <option key={action}>{action}</option>
                          ))}
                        </select>
                        <span className="text-xs text-slate-500">at ≥</span>
                        <input
                          aria-label={`${category} ${direction} threshold`}
                          type="number"
                          min={0}
                          max={1}
                          step={0.05}
                          value={rule.threshold}
                          disabled={!canEdit}
                          onChange={(event) => setRule(category, direction, { threshold: Number(event.target.value) })}
                          className="w-20 rounded-md border border-slate-300 px-2 py-1"
                        />
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <legend className="px-1 font-medium text-slate-700">Stored text of scan events</legend>
        <div className="mt-1 space-y-1">
          {STORAGE.map((option) => (
            <label key={option.value} className="flex items-center gap-2">
              <input
                type="radio"
                name="textStorage"
                value={option.value}
                disabled={!canEdit}
                checked={draft.textStorage === option.value}
                onChange={() => {
                  setSaved(false);
                  setDraft({ ...draft, textStorage: option.value });
                }}
              />
              {option.label}
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorNote error={save.error} />
      {canEdit ? (
        <div className="flex items-center gap-3">
          <Button type="button" onClick={() => save.mutate(draft)} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save policy"}
          </Button>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setSaved(false);
              setDraft({ ...draft, policy: defaults });
            }}
          >
            Reset to defaults
          </Button>
          {saved ? <span role="status" className="text-sm text-emerald-700">Saved. It applies from the next scan.</span> : null}
        </div>
      ) : null}
    </div>
  );
}
