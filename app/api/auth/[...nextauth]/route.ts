import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { signInWithThrottle } from "@/lib/auth/sign-in";

type Context = { params: Promise<{ nextauth: string[] }> };

function nextAuth(request: Request, context: Context): Promise<Response> {
  return NextAuth(authOptions())(request, context) as Promise<Response>;
}

export const GET = nextAuth;

export async function POST(request: Request, context: Context): Promise<Response> {
  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/credentials") return signInWithThrottle(request, (req) => nextAuth(req, context));
  return nextAuth(request, context);
}
