"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { Field, TextInput } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { ApiClientError, fetchJson } from "@/lib/client/fetch-json";
import { DeliveryList } from "./delivery-list";
import { DeliveryStatusBadge } from "./delivery-status";
import { webhooksBase, type WebhookRow } from "./types";


function NewSecret({ secret, rotated, onDone }: { secret: string; rotated: boolean; onDone: () => void }) {
  return (
    <section aria-label="Webhook signing secret" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <h3 className="text-sm font-semibold text-emerald-900">{rotated ? "Copy the new signing secret now" : "Copy the signing secret now"}</h3>
      <p className="mt-1 text-sm text-emerald-900">
        It is shown only this once. Your receiver checks the <code>Warden-Signature</code> header with it (see the README, section
        Webhooks).{rotated ? " The old secret no longer signs anything." : ""}
      </p>
      <div className="mt-3 flex items-center gap-2">
        <code data-testid="new-webhook-secret" className="flex-1 overflow-x-auto rounded bg-white px-3 py-2 font-mono text-sm">
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
      <Button type="button" variant="secondary" className="mt-3" onClick={onDone}>
        I have stored it
      </Button>
    </section>
  );
}

function WebhookRowView({
  webhook,
  base,
  canManage,
  onSecret,
  onChanged,
}: {
  webhook: WebhookRow;
  base: string;
  canManage: boolean;
  onSecret: (secret: string) => void;
  onChanged: () => void;
}) {
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [editing, setEditing] = useState(false);
  const [urlError, setUrlError] = useState<string | null>(null);
  const url = `${base}/${webhook.id}`;
  const update = useMutation({
    mutationFn: (body: { url?: string; enabled?: boolean }) => fetchJson(url, { method: "PATCH", body }),
    onSuccess: () => {
      setEditing(false);
      setUrlError(null);
      onChanged();
    },
    onError: (error) => setUrlError(error instanceof ApiClientError && error.field === "url" ? error.message : null),
  });
  const rotate = useMutation({
    mutationFn: () => fetchJson<{ secret: string }>(`${url}/rotate-secret`, { method: "POST" }),
    onSuccess: (data) => {
      onSecret(data.secret);
      onChanged();
    },
  });
  const remove = useMutation({ mutationFn: () => fetchJson(url, { method: "DELETE" }), onSuccess: onChanged });
  const busy = update.isPending || rotate.isPending || remove.isPending;

  function onEdit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ url: String(new FormData(event.currentTarget).get("url") ?? "") });
  }

  return (
    <li data-testid="webhook-row" className="space-y-3 px-4 py-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          {editing ? (
            <form onSubmit={onEdit} className="flex flex-wrap items-start gap-2" noValidate>
              <div className="min-w-72 flex-1">
                <Field label="URL" error={urlError ?? undefined}>
                  <TextInput name="url" type="url" defaultValue={webhook.url} maxLength={2048} required />
                </Field>
              </div>
              <Button type="submit" disabled={busy} className="mt-6">Save</Button>
              <Button type="button" variant="secondary" className="mt-6" onClick={() => setEditing(false)}>Cancel</Button>
            </form>
          ) : (
            <p className="break-all font-mono text-sm text-slate-900" data-testid="webhook-url">{webhook.url}</p>
          )}
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
            <span>{webhook.rule ? `Alerts of the rule “${webhook.rule.name}”` : "Every alert of the project"}</span>
            <span>
              Secret <code className="font-mono">{webhook.secretPrefix}…</code>
            </span>
            <span>
              Added <Time value={webhook.createdAt} />
            </span>
            {webhook.enabled ? (
              <span className="rounded-full bg-emerald-100 px-2 py-0.5 font-medium text-emerald-800">enabled</span>
            ) : (
              <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-600">disabled</span>
            )}
            {webhook.lastDelivery ? (
              <span className="flex items-center gap-1">
                Last delivery <DeliveryStatusBadge status={webhook.lastDelivery.status} /> <Time value={webhook.lastDelivery.createdAt} />
              </span>
            ) : (
              <span>Nothing sent yet</span>
            )}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" aria-expanded={showDeliveries} onClick={() => setShowDeliveries((open) => !open)}>
            {showDeliveries ? "Hide deliveries" : "Deliveries"}
          </Button>
          {canManage ? (
            <>
              <Button type="button" variant="secondary" disabled={busy} onClick={() => setEditing(true)}>Edit URL</Button>
              <Button type="button" variant="secondary" disabled={busy} onClick={() => update.mutate({ enabled: !webhook.enabled })}>
                {webhook.enabled ? "Disable" : "Enable"}
              </Button>
              <Button
                type="button"
                variant="secondary"
                disabled={busy}
                onClick={() => {
                  if (window.confirm("Rotate the signing secret? Deliveries are signed with the new one from now on.")) rotate.mutate();
                }}
              >
                Rotate secret
              </Button>
              <Button
                type="button"
                variant="danger"
                disabled={busy}
                onClick={() => {
                  if (window.confirm(`Delete the webhook to ${webhook.url}? Its queued deliveries are dropped.`)) remove.mutate();
                }}
              >
                Delete
              </Button>
            </>
          ) : null}
        </div>
      </div>
      <ErrorNote error={(update.error && !urlError ? update.error : null) ?? rotate.error ?? remove.error} />
      {showDeliveries ? (
        <DeliveryList url={`${url}/deliveries`} queryKey={["webhook", webhook.id]} showWebhook={false} empty="No deliveries yet: one is queued each time a matching alert opens or changes." />
      ) : null}
    </li>
  );
}

/**
 * Webhooks of a project, or of one rule when `ruleId` is given: list, add (the secret
 * shown once), edit, enable/disable, rotate, delete, and each one's deliveries.
 * Mount it on the rule page with the rule's id, or on Settings → Webhooks without.
 */
export function WebhooksPanel({ orgId, projectId, ruleId, canManage }: { orgId: string; projectId: string; ruleId?: string; canManage: boolean }) {
  const base = webhooksBase(orgId, projectId);
  const queryClient = useQueryClient();
  const queryKey = ["webhooks", projectId, ruleId ?? "all"];
  const webhooks = useQuery({
    queryKey,
    queryFn: () => fetchJson<{ webhooks: WebhookRow[] }>(ruleId ? `${base}?ruleId=${encodeURIComponent(ruleId)}` : base),
  });
  const [secret, setSecret] = useState<{ value: string; rotated: boolean } | null>(null);
  const [fieldError, setFieldError] = useState<{ field?: string; message: string } | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["webhooks", projectId] });

  const create = useMutation({
    mutationFn: (body: { url: string; ruleId: string | null }) => fetchJson<{ secret: string }>(base, { method: "POST", body }),
    onSuccess: (data) => {
      setSecret({ value: data.secret, rotated: false });
      setFieldError(null);
      refresh();
    },
    onError: (error) =>
      setFieldError(error instanceof ApiClientError ? { field: error.field, message: error.message } : { message: "Could not add the webhook." }),
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    create.mutate({ url: String(new FormData(form).get("url") ?? ""), ruleId: ruleId ?? null }, { onSuccess: () => form.reset() });
  }

  return (
    <div className="space-y-4">
      {secret ? <NewSecret secret={secret.value} rotated={secret.rotated} onDone={() => setSecret(null)} /> : null}

      {canManage ? (
        <form onSubmit={onCreate} className="flex flex-wrap items-start gap-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
          <div className="min-w-72 flex-1">
            <Field
              label={ruleId ? "Send this rule's alerts to" : "Send every alert of the project to"}
              error={fieldError?.field === "url" ? fieldError.message : undefined}
              hint="An https:// endpoint you control. Private, loopback and link-local addresses are refused."
            >
              <TextInput name="url" type="url" placeholder="https://hooks.example.com/warden" maxLength={2048} required />
            </Field>
          </div>
          <Button type="submit" disabled={create.isPending} className="mt-6">
            {create.isPending ? "Adding…" : "Add webhook"}
          </Button>
          {fieldError && fieldError.field !== "url" ? (
            <div className="basis-full">
              <ErrorNote error={new Error(fieldError.message)} />
            </div>
          ) : null}
        </form>
      ) : (
        <p className="text-sm text-slate-600">You have read-only access: an admin or owner can add, change and delete webhooks.</p>
      )}

      <ErrorNote error={webhooks.error} />
      {webhooks.isPending ? (
        <div className="h-24 animate-pulse rounded-lg bg-slate-200" aria-label="Loading webhooks" />
      ) : webhooks.data && webhooks.data.webhooks.length === 0 ? (
        <EmptyState title={ruleId ? "No webhook for this rule" : "No webhooks yet"} icon={<Webhook size={28} aria-hidden />}>
          {ruleId
            ? "Alerts of this rule still go to the project's webhooks (Settings → Webhooks). Add one here to send only this rule's alerts somewhere else."
            : "Add the URL of your SIEM, chat or paging tool: Warden POSTs a signed JSON body each time an alert opens, grows, is acknowledged or resolved, and retries for 24 hours."}
        </EmptyState>
      ) : webhooks.data ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {webhooks.data.webhooks.map((webhook) => (
            <WebhookRowView
              key={webhook.id}
              webhook={webhook}
              base={base}
              canManage={canManage}
              onSecret={(value) => setSecret({ value, rotated: true })}
              onChanged={refresh}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
