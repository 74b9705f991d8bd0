"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { Field, TextInput } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { ApiClientError, fetchJson } from "@/lib/client/fetch-json";

const SCOPES = [
  { value: "scan", label: "scan", hint: "POST /api/v1/scan" },
  { value: "ingest", label: "ingest", hint: "send events and transcripts" },
  { value: "read", label: "read", hint: "read conversations, events, alerts, exports" },
] as const;

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdBy: { email: string; name: string } | null;
}

function status(key: ApiKeyRow): { label: string; tone: string } {
  if (key.revokedAt) return { label: "revoked", tone: "bg-slate-100 text-slate-600" };
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return { label: "expired", tone: "bg-amber-100 text-amber-800" };
  return { label: "active", tone: "bg-emerald-100 text-emerald-800" };
}


function NewSecret({ secret, origin, onDone }: { secret: string; origin: string; onDone: () => void }) {
  return (
    <section aria-label="New API key" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <h2 className="text-sm font-semibold text-emerald-900">Copy your new key now</h2>
      <p className="mt-1 text-sm text-emerald-900">It is shown only this once. Warden keeps only its hash and cannot show it again.</p>
      <div className="mt-3 flex items-center gap-2">
        <code data-testid="new-api-key-secret" className="flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-sm">
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
      <p className="mt-3 text-xs text-emerald-900">Check it works:</p>
      <pre className="mt-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-xs">{`curl -H "Authorization: Bearer ${secret}" ${origin}/api/v1/whoami`}</pre>
      <Button type="button" variant="secondary" className="mt-3" onClick={onDone}>
        I have stored it
      </Button>
    </section>
  );
}

export function ApiKeysPanel({ orgId, projectId, canManage }: { orgId: string; projectId: string; canManage: boolean }) {
  const base = `/api/orgs/${orgId}/projects/${projectId}/api-keys`;
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ["api-keys", projectId], queryFn: () => fetchJson<{ apiKeys: ApiKeyRow[] }>(base) });
  const [secret, setSecret] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<{ field?: string; message: string } | null>(null);

  const create = useMutation({
    mutationFn: (body: { name: string; scopes: string[]; expiresAt: string | null }) =>
      fetchJson<{ secret: string }>(base, { method: "POST", body }),
    onSuccess: (data) => {
      setSecret(data.secret);
      setFieldError(null);
      void queryClient.invalidateQueries({ queryKey: ["api-keys", projectId] });
    },
    onError: (error) =>
      setFieldError(error instanceof ApiClientError ? { field: error.field, message: error.message } : { message: "Could not create the key." }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => fetchJson(`${base}/${id}`, { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["api-keys", projectId] }),
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const expires = String(form.get("expiresAt") ?? "");
    create.mutate({
      name: String(form.get("name") ?? ""),
      scopes: form.getAll("scopes").map(String),
      // A date means "until the end of that day" in the viewer's zone.
      expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
    });
  }

  const errorFor = (field: string) => (fieldError?.field === field ? fieldError.message : undefined);

  return (
    <div className="space-y-6">
      {secret ? <NewSecret secret={secret} origin={window.location.origin} onDone={() => setSecret(null)} /> : null}

      {canManage ? (
        <form onSubmit={onCreate} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-[2fr_3fr_1fr_auto] md:items-end" noValidate>
          <Field label="Name" error={errorFor("name")}>
            <TextInput name="name" placeholder="e.g. production agents" maxLength={300} />
          </Field>
          <fieldset className="text-sm">
            <legend className="mb-1 font-medium text-slate-700">Scopes</legend>
            <div className="flex flex-wrap gap-3">
              {SCOPES.map((scope) => (
                <label key={scope.value} className="flex items-center gap-1.5" title={scope.hint}>
                  <input type="checkbox" name="scopes" value={scope.value} defaultChecked={scope.value !== "read"} />
                  {scope.label}
                </label>
              ))}
            </div>
            {errorFor("scopes") ? <span role="alert" className="mt-1 block text-xs text-red-700">{errorFor("scopes")}</span> : null}
          </fieldset>
          <Field label="Expires (optional)" error={errorFor("expiresAt")}>
            <TextInput name="expiresAt" type="date" />
          </Field>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create key"}
          </Button>
          {fieldError && !["name", "scopes", "expiresAt"].includes(fieldError.field ?? "") ? (
            <div className="md:col-span-4">
              <ErrorNote error={new Error(fieldError.message)} />
            </div>
          ) : null}
        </form>
      ) : (
        <p className="text-sm text-slate-600">You have read-only access: an admin or owner can create and revoke keys.</p>
      )}

      <ErrorNote error={keys.error ?? revoke.error} />
      {keys.isPending ? (
        <div className="h-32 animate-pulse rounded-lg bg-slate-200" aria-label="Loading API keys" />
      ) : keys.data && keys.data.apiKeys.length === 0 ? (
        <EmptyState title="No API keys yet" icon={<KeyRound size={28} aria-hidden />}>
          Create a key with the scopes your agents need, then send it as <code>Authorization: Bearer …</code> to the
          Warden API. Start with <code>GET /api/v1/whoami</code> to check the connection.
        </EmptyState>
      ) : keys.data ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Name</th>
                <th className="px-4 py-2">Key</th>
                <th className="px-4 py-2">Scopes</th>
                <th className="px-4 py-2">Created by</th>
                <th className="px-4 py-2">Created</th>
                <th className="px-4 py-2">Last used</th>
                <th className="px-4 py-2">Expires</th>
                <th className="px-4 py-2">Status</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.data.apiKeys.map((key) => {
                const state = status(key);
                return (
                  <tr key={key.id} data-testid="api-key-row">
                    <td className="px-4 py-2 font-medium">{key.name}</td>
                    <td className="px-4 py-2 font-mono text-xs" data-testid="api-key-prefix">
                      {key.prefix}…
                    </td>
                    <td className="px-4 py-2">{key.scopes.join(", ")}</td>
                    <td className="px-4 py-2">{key.createdBy?.email ?? "start-up provisioning"}</td>
                    <td className="px-4 py-2"><Time value={key.createdAt} /></td>
                    <td className="px-4 py-2"><Time value={key.lastUsedAt} /></td>
                    <td className="px-4 py-2"><Time value={key.expiresAt} /></td>
                    <td className="px-4 py-2">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${state.tone}`}>{state.label}</span>
                    </td>
                    <td className="px-4 py-2 text-right">
                      {canManage && !key.revokedAt ? (
                        <Button
                          type="button"
                          variant="danger"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (window.confirm(`Revoke "${key.name}"? Requests with it fail from now on.`)) revoke.mutate(key.id);
                          }}
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
