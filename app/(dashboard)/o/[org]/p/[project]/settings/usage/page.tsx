import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Usage" };

export default function SettingsUsagePage() {
  return (
    <ComingNext
      title={"Usage"}
      description={"This month’s events against the tier quota."}
      next={"Usage metering arrives with the ingest API. The Free tier includes 10,000 events a month."}
    />
  );
}
