/**
 * The client address as the server saw it. Next.js puts the socket address in
 * X-Forwarded-For when a request arrives without one; behind a reverse proxy, the
 * proxy's header is used. A direct client can forge the header, which is why login
 * throttling also limits per account, not only per address.
 */
export function clientIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  return first || request.headers.get("x-real-ip") || null;
}
