import type { ReactNode } from "react";

export function EmptyState({ title, children, icon }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      {icon ? <div className="mb-3 text-slate-400">{icon}</div> : null}
      <h2 className="text-base font-semibold text-slate-800">{title}</h2>
      {children ? <div className="mt-2 max-w-xl text-sm text-slate-600">{children}</div> : null}
    </div>
  );
}
