"use client";

import { useRouter } from "next/navigation";
import { projectPath } from "@/lib/nav";

interface OrgOption {
  slug: string;
  name: string;
  projects: { slug: string; name: string }[];
}

/** One select over every project of every organization the user belongs to. */
export function ProjectSwitcher({ organizations, current }: { organizations: OrgOption[]; current: string }) {
  const router = useRouter();
  return (
    <label className="block">
      <span className="sr-only">Organization and project</span>
      <select
        aria-label="Organization and project"
        value={current}
        onChange={(event) => {
          const [org, project] = event.target.value.split("/");
          if (org && project) router.push(projectPath(org, project));
        }}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
      >
        {organizations.map((org) => (
          <optgroup key={org.slug} label={org.name}>
            {org.projects.map((project) => (
              <option key={project.slug} value={`${org.slug}/${project.slug}`}>
                {project.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
