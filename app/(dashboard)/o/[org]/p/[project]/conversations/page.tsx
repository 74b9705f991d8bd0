import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Conversations" };

export default function ConversationsPage() {
  return (
    <ComingNext
      title={"Conversations"}
      description={"Agent conversations with their transcript and message-flow graph."}
      next={"Conversations appear once transcripts are sent to POST /api/v1/conversations. Create an API key with the ingest scope under Settings → API keys to be ready."}
    />
  );
}
