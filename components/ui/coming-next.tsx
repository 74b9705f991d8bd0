import { Construction } from "lucide-react";
import { EmptyState } from "./empty-state";
import { PageHeader } from "./page-header";

/** A section that is planned but not built yet: says what it will show and what to do meanwhile. */
export function ComingNext({ title, description, next }: { title: string; description: string; next: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState title="Coming next" icon={<Construction size={28} aria-hidden />}>
        <p>{next}</p>
      </EmptyState>
    </>
  );
}
