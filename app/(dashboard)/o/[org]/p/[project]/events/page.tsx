import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Events" };

export default function EventsPage() {
  return (
    <ComingNext
      title={"Events"}
      description={"Every scanned message with its verdict and findings."}
      next={"The events explorer arrives with the scan API. Create an API key with the scan scope under Settings → API keys to be ready."}
    />
  );
}
