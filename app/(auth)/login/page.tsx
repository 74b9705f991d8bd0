import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  if (await currentUser()) redirect("/");
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths, so the login page cannot be used as an open redirect.
  const next = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-16">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <img src="/favicon.svg" alt="" width={40} height={40} className="mx-auto" />
          <h1 className="mt-3 text-2xl font-semibold">Sign in to Warden</h1>
          <p className="mt-1 text-sm text-slate-600">Runtime security for multi-agent LLM systems</p>
        </div>
        <LoginForm callbackUrl={next} initialError={error} />
      </div>
    </main>
  );
}
