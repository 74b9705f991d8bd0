import type { AlertSeverity } from "@/lib/alerts/rule-types";

const TONES: Record<AlertSeverity, string> = {
  critical: "bg-red-600 text-white",
  high: "bg-red-100 text-red-800",
  medium: "bg-amber-100 text-amber-900",
  low: "bg-slate-100 text-slate-700",
};

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide ${TONES[severity]}`}>{severity}</span>;
}

const STATUS_TONES = { open: "bg-red-50 text-red-700 ring-1 ring-red-200", acknowledged: "bg-amber-50 text-amber-800 ring-1 ring-amber-200", resolved: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200" } as const;

export function StatusBadge({ status }: { status: keyof typeof STATUS_TONES }) {
  return (
    <span data-testid="alert-status" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_TONES[status]}`}>
      {status}
    </span>
  );
}
