import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Rules" };

export default function RulesPage() {
  return (
    <ComingNext
      title={"Rules"}
      description={"Alert rules and where their alerts are sent."}
      next={"Rules arrive with the alert feed."}
    />
  );
}
