import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Agents" };

export default function AgentsPage() {
  return (
    <ComingNext
      title={"Agents"}
      description={"Each agent’s messages, findings and flow across conversations."}
      next={"Agents are listed once their messages are ingested. Create an API key with the ingest scope under Settings → API keys to be ready."}
    />
  );
}
