import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Export" };

export default function ExportPage() {
  return (
    <ComingNext
      title={"Export"}
      description={"Audit transcripts and events as JSONL, CSV or tamper-evident bundles."}
      next={"Exports arrive with the audit bundle and its verify command."}
    />
  );
}
