"use client";

// Create or edit a rule. Every keystroke is validated with the rule's zod schema (the one the
// API uses); "Try on the last 7 days" runs the unsaved rule over stored data before saving.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/error-note";
import { Field, TextInput } from "@/components/ui/field";
import type { BacktestResult } from "@/lib/alerts/backtest";
import { ALERT_SEVERITIES, PATTERNLESS_TYPES, RULE_TYPE_LABELS, RULE_TYPES, type AlertSeverity, type RuleType } from "@/lib/alerts/rule-types";
import { fetchJson } from "@/lib/client/fetch-json";
import { emptyForm, PARAM_FIELDS, paramStrings, validateRuleForm, type RuleFormState } from "./rule-form-state";

export interface RuleRow {
  id: string;
  name: string;
  type: RuleType;
  params: Record<string, unknown>;
  agentPattern: string | null;
  severity: AlertSeverity;
  enabled: boolean;
  isDefault: boolean;
  openAlerts: number;
}

const select = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

function BacktestSummary({ result, basePath }: { result: BacktestResult; basePath: string }) {
  return (
    <section aria-label="Backtest result" data-testid="backtest-result" className="rounded-md border border-brand-100 bg-brand-50 p-3 text-sm">
      <p className="font-medium text-slate-900">
        In the last 7 days this rule would have raised <span data-testid="backtest-alerts">{result.alerts}</span> alert{result.alerts === 1 ? "" : "s"}
        {result.matches > result.alerts ? ` (${result.matches} matches; repeated matches update an open alert)` : ""}.
      </p>
      <p className="text-xs text-slate-600">
        Read {result.scanned.messages.toLocaleString("en-US")} messages and {result.scanned.events.toLocaleString("en-US")} events
        {result.truncated ? "; stopped at the newest 20,000 rows, so older data was not tried" : ""}.
      </p>
      {result.agents.length > 0 ? <p className="mt-1 text-xs text-slate-700">Agents: {result.agents.join(", ")}</p> : null}
      {result.subjects.length > 0 ? (
        <ul className="mt-2 space-y-1">
          {result.subjects.map((s) => (
            <li key={s.subjectKey} className="text-xs" data-testid="backtest-subject">
              {s.conversationId ? (
                <Link href={`${basePath}/conversations/${encodeURIComponent(s.conversationId)}`} className="font-mono text-brand-700 hover:underline">
                  {s.conversationExternalId ?? s.conversationId}
                </Link>
              ) : null}{" "}
              <span className="text-slate-700">{s.title}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function RuleForm({
  url,
  rule,
  basePath,
  onDone,
}: {
  /** The project's alert-rules route. */
  url: string;
  rule: RuleRow | null;
  basePath: string;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<RuleFormState>(() =>
    rule
      ? { name: rule.name, type: rule.type, severity: rule.severity, agentPattern: rule.agentPattern ?? "", enabled: rule.enabled, params: paramStrings(rule.type, rule.params) }
      : emptyForm("flooding"),
  );
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const validation = useMemo(() => validateRuleForm(state), [state]);
  const errors = validation.ok ? {} : validation.errors;
  const shown = (key: string) => (touched.has(key) ? errors[key] : undefined);
  const touch = (key: string) => setTouched((t) => new Set(t).add(key));

  const save = useMutation({
    mutationFn: async () => {
      if (!validation.ok) throw new Error("Fix the fields marked in red first.");
      const { type: _type, ...edit } = validation.input;
      return rule ? fetchJson(`${url}/${rule.id}`, { method: "PATCH", body: edit }) : fetchJson(url, { method: "POST", body: validation.input });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["alert-rules"] });
      onDone();
    },
  });
  const backtest = useMutation({
    mutationFn: () => {
      if (!validation.ok) throw new Error("Fix the fields marked in red first.");
      return fetchJson<BacktestResult>(`${url}/backtest`, { method: "POST", body: validation.input });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(new Set(["name", ...PARAM_FIELDS[state.type].map((f) => `params.${f.key}`)]));
    if (validation.ok) save.mutate();
  };

  return (
    <form onSubmit={submit} aria-label={rule ? "Edit rule" : "New rule"} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-sm font-semibold">{rule ? `Edit “${rule.name}”` : "New rule"}</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" error={shown("name")}>
          <TextInput
            name="name"
            value={state.name}
            aria-invalid={Boolean(shown("name"))}
            onChange={(e) => {
              touch("name");
              setState({ ...state, name: e.target.value });
            }}
          />
        </Field>
        <Field label="Type" hint={RULE_TYPE_LABELS[state.type].summary}>
          <select
            name="type"
            className={select}
            value={state.type}
            disabled={rule !== null}
            onChange={(e) => {
              const type = e.target.value as RuleType;
              setState({ ...emptyForm(type), name: state.name, severity: state.severity, agentPattern: state.agentPattern });
              backtest.reset();
            }}
          >
            {RULE_TYPES.map((t) => (
              <option key={t} value={t}>
                {RULE_TYPE_LABELS[t].label}
              </option>
            ))}
          </select>
        </Field>
        {PARAM_FIELDS[state.type].map((field) => {
          const key = `params.${field.key}`;
          return (
            <Field key={key} label={field.label} hint={field.hint} error={shown(key)}>
              {field.kind === "select" ? (
                <select name={key} className={select} value={state.params[field.key] ?? ""} onChange={(e) => setState({ ...state, params: { ...state.params, [field.key]: e.target.value } })}>
                  {field.options!.map((o) => (
                    <option key={o} value={o}>
                      {o.replace(/_/g, " ")}
                    </option>
                  ))}
                </select>
              ) : (
                <TextInput
                  name={key}
                  inputMode="decimal"
                  value={state.params[field.key] ?? ""}
                  aria-invalid={Boolean(shown(key))}
                  onChange={(e) => {
                    touch(key);
                    setState({ ...state, params: { ...state.params, [field.key]: e.target.value } });
                  }}
                />
              )}
            </Field>
          );
        })}
        <Field label="Severity">
          <select name="severity" className={select} value={state.severity} onChange={(e) => setState({ ...state, severity: e.target.value })}>
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        {PATTERNLESS_TYPES.includes(state.type) ? null : (
          <Field label="Agents (optional)" hint="e.g. web_* or coder; empty = every agent of the project" error={shown("agentPattern")}>
            <TextInput
              name="agentPattern"
              value={state.agentPattern}
              onChange={(e) => {
                touch("agentPattern");
                setState({ ...state, agentPattern: e.target.value });
              }}
            />
          </Field>
        )}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={state.enabled} onChange={(e) => setState({ ...state, enabled: e.target.checked })} /> Enabled
      </label>
      {backtest.data ? <BacktestSummary result={backtest.data} basePath={basePath} /> : null}
      <ErrorNote error={backtest.error ?? save.error} />
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" disabled={!validation.ok || backtest.isPending} onClick={() => backtest.mutate()}>
          {backtest.isPending ? "Trying…" : "Try on the last 7 days"}
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {rule ? "Save changes" : "Create rule"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
