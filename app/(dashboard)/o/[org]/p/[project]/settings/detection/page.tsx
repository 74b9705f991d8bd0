import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Detection policy" };

export default function SettingsDetectionPage() {
  return (
    <ComingNext
      title={"Detection policy"}
      description={"Per category and direction: block, flag or allow above a threshold."}
      next={"The policy editor arrives with the detection engine."}
    />
  );
}
