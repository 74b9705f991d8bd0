"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";

export function UserMenu({ email, role }: { email: string; role: string }) {
  return (
    <div className="flex items-center gap-3">
      <div className="text-right text-xs leading-tight">
        <div className="font-medium text-slate-800" data-testid="user-email">
          {email}
        </div>
        <div className="text-slate-500">{role}</div>
      </div>
      <button
        type="button"
        onClick={() => void signOut({ callbackUrl: "/login" })}
        className="rounded-md p-2 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
        title="Sign out"
      >
        <LogOut size={16} aria-hidden />
        <span className="sr-only">Sign out</span>
      </button>
    </div>
  );
}
