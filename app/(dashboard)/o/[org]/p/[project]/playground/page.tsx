import type { Metadata } from "next";
import { ComingNext } from "@/components/ui/coming-next";

export const metadata: Metadata = { title: "Playground" };

export default function PlaygroundPage() {
  return (
    <ComingNext
      title={"Playground"}
      description={"Paste a message and see the verdict this project’s policy gives it."}
      next={"The playground arrives with the detection engine."}
    />
  );
}
