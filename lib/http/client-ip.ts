/**
 * The client address of a request. Warden's server (scripts/serve.mjs) replaces any
 * X-Forwarded-For a client sent with the one address it trusts: the socket peer, or
 * the address the outermost of WARDEN_TRUSTED_PROXIES reverse proxies saw. So the
 * header holds exactly one address by the time a route reads it.
 */
export function clientIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || null;
}
