"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_ITEMS, projectPath, type NavItem } from "@/lib/nav";

const GROUPS: { key: NavItem["group"]; label: string }[] = [
  { key: "monitor", label: "Monitor" },
  { key: "respond", label: "Respond" },
  { key: "settings", label: "Settings" },
];

export function Sidebar({ orgSlug, projectSlug }: { orgSlug: string; projectSlug: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="space-y-6">
      {GROUPS.map((group) => (
        <div key={group.key}>
          <p className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-400">{group.label}</p>
          <ul className="mt-2 space-y-0.5">
            {NAV_ITEMS.filter((item) => item.group === group.key).map((item) => {
              const href = projectPath(orgSlug, projectSlug, item.segment);
              const active = pathname === href || pathname.startsWith(`${href}/`);
              return (
                <li key={item.segment}>
                  <Link
                    href={href}
                    aria-current={active ? "page" : undefined}
                    className={`block rounded-md px-3 py-1.5 text-sm ${active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
