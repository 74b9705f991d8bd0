"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/error-note";
import { Field, TextInput } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { ApiClientError, fetchJson } from "@/lib/client/fetch-json";

const ROLES = ["owner", "admin", "viewer"] as const;

interface Member {
  id: string;
  role: (typeof ROLES)[number];
  createdAt: string;
  user: { id: string; email: string; name: string };
}

export function MembersPanel({ orgId, canManage, currentUserId }: { orgId: string; canManage: boolean; currentUserId: string }) {
  const base = `/api/orgs/${orgId}/members`;
  const queryClient = useQueryClient();
  const members = useQuery({ queryKey: ["members", orgId], queryFn: () => fetchJson<{ members: Member[] }>(base) });
  const [formError, setFormError] = useState<ApiClientError | Error | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["members", orgId] });

  const add = useMutation({
    mutationFn: (body: Record<string, string>) => fetchJson(base, { method: "POST", body }),
    onSuccess: () => {
      setFormError(null);
      refresh();
    },
    onError: (error) => setFormError(error),
  });
  const change = useMutation({
    mutationFn: ({ id, role }: { id: string; role: string }) => fetchJson(`${base}/${id}`, { method: "PATCH", body: { role } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => fetchJson(`${base}/${id}`, { method: "DELETE" }),
    onSettled: refresh,
  });

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, string> = { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "viewer") };
    const password = String(form.get("password") ?? "");
    if (password) body.password = password;
    add.mutate(body);
  }
  const errorFor = (field: string) => (formError instanceof ApiClientError && formError.field === field ? formError.message : undefined);

  return (
    <div className="space-y-6">
      {canManage ? (
        <form onSubmit={onAdd} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-[2fr_1fr_2fr_auto] md:items-end" noValidate>
          <Field label="Email" error={errorFor("email")}>
            <TextInput name="email" type="email" placeholder="person@example.com" />
          </Field>
          <Field label="Role" error={errorFor("role")}>
            <select name="role" aria-label="Role" defaultValue="viewer" className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              {ROLES.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </Field>
          <Field label="First password (new accounts only)" error={errorFor("password")} hint="At least 12 characters; hand it over in person.">
            <TextInput name="password" type="password" autoComplete="new-password" />
          </Field>
          <Button type="submit" disabled={add.isPending}>
            Add member
          </Button>
          {formError && !["email", "role", "password"].includes((formError as ApiClientError).field ?? "") ? (
            <div className="md:col-span-4">
              <ErrorNote error={formError} />
            </div>
          ) : null}
        </form>
      ) : null}
      <ErrorNote error={members.error ?? change.error ?? remove.error} />
      {members.isPending ? (
        <div className="h-32 animate-pulse rounded-lg bg-slate-200" aria-label="Loading members" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Member</th>
                <th className="px-4 py-2">Role</th>
                <th className="px-4 py-2">Since</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.data?.members.map((member) => (
                <tr key={member.id} data-testid="member-row">
                  <td className="px-4 py-2">
                    <div className="font-medium">{member.user.name}</div>
                    <div className="text-xs text-slate-500">{member.user.email}</div>
                  </td>
                  <td className="px-4 py-2">
                    {canManage ? (
                      <select
                        aria-label={`Role of ${member.user.email}`}
                        value={member.role}
                        onChange={(event) => change.mutate({ id: member.id, role: event.target.value })}
                        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                      >
                        {ROLES.map((role) => (
                          <option key={role}>{role}</option>
                        ))}
                      </select>
                    ) : (
                      member.role
                    )}
                  </td>
                  <td className="px-4 py-2"><Time value={member.createdAt} /></td>
                  <td className="px-4 py-2 text-right">
                    {canManage && member.user.id !== currentUserId ? (
                      <Button
                        type="button"
                        variant="danger"
                        onClick={() => {
                          if (window.confirm(`Remove ${member.user.email} from this organization?`)) remove.mutate(member.id);
                        }}
                      >
                        Remove
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
