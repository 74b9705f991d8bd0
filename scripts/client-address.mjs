// Which address a request came from. Next.js keeps a client's own X-Forwarded-For
// header when one arrives, so any client could claim any address and slip past
// per-address login throttling or forge the audit log's source address. The server
// (scripts/serve.mjs) therefore replaces the header with the address computed here:
// the socket's peer, or, behind N trusted reverse proxies (WARDEN_TRUSTED_PROXIES),
// the address the outermost of them saw. Entries a client added itself, to the left
// of that, are ignored.

/** Strips the IPv4-mapped IPv6 prefix, so one client has one spelling. */
export function normaliseAddress(address) {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed;
}

/**
 * @param {string | undefined} socketAddress the TCP peer
 * @param {string | string[] | undefined} forwardedFor the X-Forwarded-For header(s) as received
 * @param {number} trustedProxies how many reverse proxies in front of Warden append to the header
 */
export function clientAddress(socketAddress, forwardedFor, trustedProxies) {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = header.split(",").map((entry) => entry.trim()).filter(Boolean);
  if (socketAddress) chain.push(socketAddress);
  if (chain.length === 0) return null;
  // The last entry is the socket peer; each trusted proxy vouches for the entry before it.
  const index = Math.max(chain.length - 1 - Math.max(0, trustedProxies), 0);
  return normaliseAddress(chain[index]);
}

export function trustedProxyCount(value) {
  const parsed = Number.parseInt(value ?? "0", 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
}
