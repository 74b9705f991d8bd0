const STYLES = {
  blocked: "bg-red-600 text-white",
  flagged: "bg-amber-400 text-amber-950",
  allowed: "bg-emerald-100 text-emerald-800",
} as const;

export function VerdictBadge({ verdict }: { verdict: keyof typeof STYLES }) {
  return (
    <span data-testid="verdict" className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ${STYLES[verdict]}`}>
      {verdict}
    </span>
  );
}
