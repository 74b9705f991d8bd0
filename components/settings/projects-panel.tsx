"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/error-note";
import { Field, TextInput } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { ApiClientError, fetchJson } from "@/lib/client/fetch-json";
import { projectPath } from "@/lib/nav";

interface ProjectRow {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

export function ProjectsPanel({ orgId, orgSlug, canManage }: { orgId: string; orgSlug: string; canManage: boolean }) {
  const base = `/api/orgs/${orgId}/projects`;
  const router = useRouter();
  const queryClient = useQueryClient();
  const projects = useQuery({ queryKey: ["projects", orgId], queryFn: () => fetchJson<{ projects: ProjectRow[] }>(base) });
  const [error, setError] = useState<Error | null>(null);
  const create = useMutation({
    mutationFn: (name: string) => fetchJson<{ project: ProjectRow }>(base, { method: "POST", body: { name } }),
    onSuccess: ({ project }) => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ["projects", orgId] });
      router.push(projectPath(orgSlug, project.slug));
      router.refresh();
    },
    onError: (e) => setError(e),
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(String(new FormData(event.currentTarget).get("name") ?? ""));
  }

  return (
    <div className="space-y-6">
      {canManage ? (
        <form onSubmit={onCreate} className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
          <div className="min-w-64 flex-1">
            <Field label="New project name" error={error instanceof ApiClientError && error.field === "name" ? error.message : undefined}>
              <TextInput name="name" placeholder="e.g. Support agents" />
            </Field>
          </div>
          <Button type="submit" disabled={create.isPending}>
            Create project
          </Button>
        </form>
      ) : null}
      {error && !(error instanceof ApiClientError && error.field === "name") ? <ErrorNote error={error} /> : null}
      <ErrorNote error={projects.error} />
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {projects.data?.projects.map((project) => (
          <li key={project.id} className="flex items-center justify-between px-4 py-3 text-sm" data-testid="project-row">
            <Link href={projectPath(orgSlug, project.slug)} className="font-medium text-brand-700 hover:underline">
              {project.name}
            </Link>
            <span className="text-slate-500">
              created <Time value={project.createdAt} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
