import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <ComingNext
      title={"Overview"}
      description={"Events, blocked messages, open alerts and active agents for the chosen time range."}
      next={"The overview fills in once events arrive through the scan and ingest API. Meanwhile, create an API key under Settings → API keys and call GET /api/v1/whoami with it to check the connection."}
    />
  );
}
