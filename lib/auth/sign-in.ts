// Puts login throttling in front of next-auth's credentials callback: next-auth
// cannot answer 429, so this reads the attempt, refuses it when the account or the
// address has failed too often, and counts the outcome.
import "server-only";
import { clientIp } from "@/lib/http/client-ip";
import { ApiError, errorResponse } from "@/lib/http/errors";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./throttle";

function signedIn(response: Response, body: unknown): boolean {
  if (!response.ok && response.status !== 302) return false;
  const url = typeof body === "object" && body && "url" in body ? String((body as { url: unknown }).url) : response.headers.get("location") ?? "";
  return !/[?&]error=/.test(url);
}

export async function signInWithThrottle(request: Request, delegate: (request: Request) => Promise<Response>): Promise<Response> {
  const form = new URLSearchParams(await request.clone().text());
  const email = (form.get("email") ?? "").trim().toLowerCase().slice(0, 320);
  const ip = clientIp(request);
  try {
    await assertLoginAllowed(email, ip);
  } catch (error) {
    const response = errorResponse(error);
    if (error instanceof ApiError && error.code === "rate_limited") {
      // next-auth's client reads `url` from the answer to find the error code.
      const body = (await response.json()) as object;
      return new Response(JSON.stringify({ ...body, url: "/login?error=RateLimited" }), {
        status: 429,
        headers: response.headers,
      });
    }
    return response;
  }
  const response = await delegate(request);
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  if (signedIn(response, body)) await recordLoginSuccess(email);
  else await recordLoginFailure(email, ip);
  return response;
}
