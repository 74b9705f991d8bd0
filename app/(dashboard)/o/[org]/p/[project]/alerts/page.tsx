import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    <ComingNext
      title={"Alerts"}
      description={"Flooding, repetition, blocked spikes and other rule matches."}
      next={"The alert feed arrives with alert rules. Meanwhile, make sure the people who should respond are members under Settings → Members."}
    />
  );
}
