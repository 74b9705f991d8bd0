"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Timeline } from "@/lib/dashboard/timeline";

const CATEGORY_COLOURS: Record<string, string> = {
  blocked_prompt_injection: "#b91c1c",
  blocked_jailbreak: "#ea580c",
  blocked_code_execution: "#7f1d1d",
  blocked_data_exfiltration: "#7e22ce",
  blocked_secrets: "#a16207",
  blocked_pii: "#0369a1",
  blocked_uncategorized: "#475569",
};

/** "Events per 15 minutes", "Events per hour", "Events per day". */
export function bucketCaption(timeline: Pick<Timeline, "bucket">): string {
  const { step, unit } = timeline.bucket;
  return `Events per ${step === 1 ? unit : `${step} ${unit}s`}`;
}

/** The blocked-event timeline (blocked stacked by category, then flagged, then allowed), as prepared by buildTimeline. */
export function TimelineChart({ timeline, height = "h-72" }: { timeline: Timeline; height?: string }) {
  return (
    <div className={height} data-testid="timeline-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={timeline.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={11} minTickGap={16} />
          <YAxis fontSize={11} allowDecimals={false} />
          <Tooltip labelFormatter={(_, payload) => String(payload?.[0]?.payload?.title ?? "")} />
          <Legend />
          {timeline.stacks.map((stack) => (
            <Bar key={stack.key} dataKey={stack.key} name={`blocked: ${stack.category ?? "other"}`} stackId="v" fill={CATEGORY_COLOURS[stack.key] ?? "#991b1b"} />
          ))}
          <Bar dataKey="flagged" name="flagged" stackId="v" fill="#f59e0b" />
          <Bar dataKey="allowed" name="allowed" stackId="v" fill="#cbd5e1" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
