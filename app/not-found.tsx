import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24">
      <EmptyState title="Not found">
        This page does not exist, or you do not have access to it. <Link href="/" className="text-brand-700 underline">Go to your projects</Link>.
      </EmptyState>
    </main>
  );
}
