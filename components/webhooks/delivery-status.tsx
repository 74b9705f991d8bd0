import type { DeliveryStatus } from "./types";

const STATUS: Record<DeliveryStatus, { label: string; tone: string }> = {
  pending: { label: "queued", tone: "bg-slate-100 text-slate-700" },
  retrying: { label: "retrying", tone: "bg-amber-100 text-amber-800" },
  delivered: { label: "delivered", tone: "bg-emerald-100 text-emerald-800" },
  failed: { label: "failed", tone: "bg-red-100 text-red-800" },
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { label, tone } = STATUS[status];
  return (
    <span data-testid="delivery-status" className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>
      {label}
    </span>
  );
}
