"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNote } from "@/components/ui/error-note";
import { fetchJson } from "@/lib/client/fetch-json";
import type { ExportJobView } from "@/lib/export/jobs";

const ACTIVE = new Set(["queued", "running"]);

function formatBytes(n: number | null): string {
  if (n === null) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function ProgressBar({ job }: { job: ExportJobView }) {
  const total = job.rowsTotal ?? 0;
  const done = job.status === "done" ? Math.max(job.rowsDone, total) : job.rowsDone;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : job.status === "done" ? 100 : 0;
  return (
    <div className="min-w-48">
      <div
        role="progressbar"
        aria-label={`Export ${job.id} progress`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done.toLocaleString()} of ${total.toLocaleString()} rows`}
        className="h-2 overflow-hidden rounded bg-slate-200"
      >
        <div className={`h-full ${job.status === "failed" || job.status === "cancelled" ? "bg-slate-400" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">
        {done.toLocaleString()} of {total.toLocaleString()} rows
      </p>
    </div>
  );
}

/** The project's export jobs: progress while they run, cancel, download when done. */
export function ExportJobs({ orgId, projectId }: { orgId: string; projectId: string }) {
  const base = `/api/orgs/${orgId}/projects/${projectId}/exports`;
  const queryClient = useQueryClient();
  const jobs = useQuery({
    queryKey: ["export-jobs", projectId],
    queryFn: () => fetchJson<{ jobs: ExportJobView[] }>(base),
    // Poll only while something is moving.
    refetchInterval: (query) => (query.state.data?.jobs.some((j) => ACTIVE.has(j.status)) ? 1_000 : false),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => fetchJson<ExportJobView>(`${base}/${id}`, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["export-jobs", projectId] }),
  });

  if (jobs.isPending) return <div className="h-24 animate-pulse rounded-lg bg-slate-200" />;
  if (jobs.error) return <ErrorNote error={jobs.error} />;
  const list = jobs.data.jobs;
  if (list.length === 0) {
    return (
      <EmptyState title="No export jobs yet">
        Large exports, and any you choose to run in the background, appear here with their progress. Files stay downloadable for 7 days.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <ErrorNote error={cancel.error} />
      <table className="w-full text-left text-sm" aria-label="Export jobs">
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            {["Started", "What", "By", "Progress", "Status", ""].map((heading) => (
              <th key={heading} className="px-4 py-2">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.map((job) => (
            <tr key={job.id} data-testid="export-job" data-status={job.status} className="border-t border-slate-100 align-top">
              <td className="px-4 py-3 whitespace-nowrap">{new Date(job.createdAt).toLocaleString()}</td>
              <td className="px-4 py-3">
                {job.kind} · {job.format}
              </td>
              <td className="px-4 py-3">{job.requestedBy}</td>
              <td className="px-4 py-3">
                <ProgressBar job={job} />
              </td>
              <td className="px-4 py-3">
                <span className="font-medium">{job.cancelRequested && ACTIVE.has(job.status) ? "cancelling" : job.status}</span>
                {job.status === "done" && job.byteSize !== null ? <span className="block text-xs text-slate-500">{formatBytes(job.byteSize)}</span> : null}
                {job.error ? <span className="block text-xs text-red-700">{job.error}</span> : null}
              </td>
              <td className="px-4 py-3 whitespace-nowrap text-right">
                {ACTIVE.has(job.status) && !job.cancelRequested ? (
                  <Button variant="danger" type="button" onClick={() => cancel.mutate(job.id)} disabled={cancel.isPending}>
                    Cancel
                  </Button>
                ) : null}
                {job.downloadable ? (
                  <a className="font-medium text-brand-700 hover:underline" href={`${base}/${job.id}/download`} download>
                    Download
                  </a>
                ) : job.status === "done" ? (
                  <span className="text-xs text-slate-500">expired</span>
                ) : null}
                {job.sha256 && job.downloadable ? (
                  <span className="mt-1 block font-mono text-[10px] text-slate-400" title="SHA-256 of the file">
                    sha256 {job.sha256.slice(0, 16)}…
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
