// Who is signed in: read from the next-auth session cookie of a request, then
// confirmed against the database, so a deleted user's cookie opens nothing.
import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { db } from "@/lib/db/client";
import { serverEnv } from "@/lib/env";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    try {
      out[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      // A malformed cookie is ignored, as browsers do.
    }
  }
  return out;
}

async function userFromToken(request: { headers: Headers; cookies: Record<string, string> }): Promise<SessionUser | null> {
  const token = await getToken({ req: request as never, secret: serverEnv().NEXTAUTH_SECRET });
  if (!token?.uid) return null;
  return db().user.findUnique({ where: { id: token.uid }, select: { id: true, email: true, name: true } });
}

/** The signed-in user of a route handler's request, or null. */
export function sessionUserFromRequest(request: Request): Promise<SessionUser | null> {
  // Only the cookie counts: next-auth would also read a Bearer header, which on
  // these routes is never a session.
  const headersWithoutAuth = new Headers(request.headers);
  headersWithoutAuth.delete("authorization");
  return userFromToken({ headers: headersWithoutAuth, cookies: parseCookies(request.headers.get("cookie")) });
}

/** The signed-in user of a server component render, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const cookieStore = await cookies();
  const all = Object.fromEntries(cookieStore.getAll().map((cookie) => [cookie.name, cookie.value]));
  const incoming = new Headers(await headers());
  incoming.delete("authorization");
  return userFromToken({ headers: incoming, cookies: all });
}
