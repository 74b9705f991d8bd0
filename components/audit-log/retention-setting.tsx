"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { ApiClientError, fetchJson } from "@/lib/client/fetch-json";

export interface RetentionInfo {
  tier: string;
  days: number;
  tier_default_days: number;
  custom_days: number | null;
  configurable: boolean;
  last_purge: { at: string; metadata: { events?: number; messages?: number } } | null;
}

/** How long event and message detail is kept; an Enterprise owner can change it. */
export function RetentionSetting({ orgId, retention, canSet }: { orgId: string; retention: RetentionInfo; canSet: boolean }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (days: number | null) => fetchJson(`/api/orgs/${orgId}/audit-log/retention`, { method: "PATCH", body: { retention_days: days } }),
    onSuccess: () => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ["audit-log-summary", orgId] });
      void queryClient.invalidateQueries({ queryKey: ["audit-log", orgId] });
    },
    onError: (e) => setError(e instanceof ApiClientError ? e.message : "Could not save the retention."),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("days") ?? "").trim();
    save.mutate(value === "" ? null : Number(value));
  }

  return (
    <section aria-label="Retention" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 className="font-semibold text-slate-800">Retention</h2>
      <p className="mt-1 text-slate-600">
        Scan events and messages older than <strong data-testid="retention-days">{retention.days} days</strong> are deleted every hour ({retention.tier} tier
        {retention.custom_days !== null ? ", custom" : ""}). Monthly and daily usage totals are kept. A conversation loses only its oldest messages, and the
        hash of the last one removed is kept so the rest still verifies. Each purge is recorded above as <code>retention.purged</code>.
      </p>
      {retention.last_purge ? (
        <p className="mt-1 text-slate-600">
          Last purge: <Time value={retention.last_purge.at} /> — {retention.last_purge.metadata.events ?? 0} events, {retention.last_purge.metadata.messages ?? 0} messages.
        </p>
      ) : null}
      {retention.configurable && canSet ? (
        <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-3" noValidate>
          <Field label="Days to keep" error={error ?? undefined} hint={`Empty for the Enterprise default (${retention.tier_default_days} days).`}>
            <TextInput name="days" type="number" min={1} max={3650} defaultValue={retention.custom_days ?? ""} className="w-32" />
          </Field>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save retention"}
          </Button>
        </form>
      ) : retention.configurable ? (
        <p className="mt-2 text-xs text-slate-500">The organization's owner can change this.</p>
      ) : (
        <p className="mt-2 text-xs text-slate-500">Enterprise organizations choose their own retention.</p>
      )}
    </section>
  );
}
