import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Audit log" };

export default function SettingsAuditLogPage() {
  return (
    <ComingNext
      title={"Audit log"}
      description={"Who created or revoked a key, changed a member, a rule or a policy."}
      next={"The audit log is already being recorded (key creations and revocations, member changes); its viewer arrives with the export work."}
    />
  );
}
