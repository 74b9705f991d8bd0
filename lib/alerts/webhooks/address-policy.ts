// Which webhook targets Warden may connect to. A webhook URL is attacker-chosen
// input that makes the server send requests, so loopback, link-local (cloud metadata
// at 169.254.169.254), private, CGNAT, multicast and reserved addresses are refused,
// including IPv6 forms that embed such an IPv4 address. Written by hand because
// Node's net.BlockList can neither say which range matched nor see the IPv4 inside
// ::ffff:a.b.c.d, 64:ff9b::a.b.c.d or 2002:: addresses.
import { isIP } from "node:net";

interface Range {
  prefix: number[];
  bits: number;
  reason: string;
}

// IPv4 ranges as [a, b, c, d] prefixes; IPv6 ranges as 16-bit groups.
const IPV4_REFUSED: Range[] = [
  { prefix: [0, 0, 0, 0], bits: 8, reason: "an unspecified address (0.0.0.0/8)" },
  { prefix: [10, 0, 0, 0], bits: 8, reason: "a private address (10.0.0.0/8)" },
  { prefix: [100, 64, 0, 0], bits: 10, reason: "a carrier-grade NAT address (100.64.0.0/10)" },
  { prefix: [127, 0, 0, 0], bits: 8, reason: "a loopback address (127.0.0.0/8)" },
  { prefix: [169, 254, 0, 0], bits: 16, reason: "a link-local address (169.254.0.0/16)" },
  { prefix: [172, 16, 0, 0], bits: 12, reason: "a private address (172.16.0.0/12)" },
  { prefix: [192, 0, 0, 0], bits: 24, reason: "an IETF protocol address (192.0.0.0/24)" },
  { prefix: [192, 168, 0, 0], bits: 16, reason: "a private address (192.168.0.0/16)" },
  { prefix: [198, 18, 0, 0], bits: 15, reason: "a benchmarking address (198.18.0.0/15)" },
  { prefix: [224, 0, 0, 0], bits: 4, reason: "a multicast address (224.0.0.0/4)" },
  { prefix: [240, 0, 0, 0], bits: 4, reason: "a reserved address (240.0.0.0/4)" },
];

const IPV6_REFUSED: Range[] = [
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0], bits: 128, reason: "an unspecified address (::)" },
  { prefix: [0, 0, 0, 0, 0, 0, 0, 1], bits: 128, reason: "a loopback address (::1)" },
  { prefix: [0x100, 0, 0, 0], bits: 64, reason: "a discard-only address (100::/64)" },
  { prefix: [0xfc00], bits: 7, reason: "a private address (fc00::/7)" },
  { prefix: [0xfe80], bits: 10, reason: "a link-local address (fe80::/10)" },
  { prefix: [0xfec0], bits: 10, reason: "a site-local address (fec0::/10)" },
  { prefix: [0xff00], bits: 8, reason: "a multicast address (ff00::/8)" },
];

function matches(value: number[], range: Range, width: number): boolean {
  let remaining = range.bits;
  for (let i = 0; remaining > 0; i++) {
    const take = Math.min(width, remaining);
    const mask = ((1 << take) - 1) << (width - take);
    if (((value[i] ?? 0) & mask) !== ((range.prefix[i] ?? 0) & mask)) return false;
    remaining -= take;
  }
  return true;
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.map(Number);
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped), or null. */
export function parseIpv6(text: string): number[] | null {
  let address = text.replace(/^\[|\]$/g, "").split("%")[0] ?? "";
  // A trailing dotted quad (::ffff:10.0.0.1) is the last two groups written in decimal.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]!);
    if (!v4) return null;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    address = `${address.slice(0, dotted.index)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const toGroups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = toGroups(halves[0] ?? "");
  const rest = halves.length === 2 ? toGroups(halves[1] ?? "") : [];
  if (![...head, ...rest].every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return null;
  const zeros = new Array<number>(8 - explicit).fill(0);
  return [...head, ...zeros.map(String), ...rest].map((group) => parseInt(group, 16));
}

function embeddedIpv4(groups: number[]): number[] | null {
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), ::ffff:0:a.b.c.d (translated);
  // :: and ::1 themselves were already refused as IPv6.
  const zeroHead = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0;
  if (zeroHead && ((g4 === 0 && (g5 === 0 || g5 === 0xffff)) || (g4 === 0xffff && g5 === 0))) return v4(g6, g7);
  // 64:ff9b::a.b.c.d (NAT64) and 64:ff9b:1::/48 (local-use NAT64)
  if (g0 === 0x64 && g1 === 0xff9b) return v4(g6, g7);
  // 2002:AABB:CCDD::/48 (6to4)
  if (g0 === 0x2002) return v4(g1, g2);
  return null;
}

/** Why Warden must not connect to this IP address, or null when it is a public address. */
export function refusedAddressReason(ip: string): string | null {
  const version = isIP(ip.replace(/^\[|\]$/g, "").split("%")[0] ?? "");
  if (version === 4) {
    const v4 = parseIpv4(ip)!;
    return IPV4_REFUSED.find((range) => matches(v4, range, 8))?.reason ?? null;
  }
  if (version === 6) {
    const groups = parseIpv6(ip);
    if (!groups) return "not a valid IPv6 address";
    const own = IPV6_REFUSED.find((range) => matches(groups, range, 16));
    if (own) return own.reason;
    const inner = embeddedIpv4(groups);
    if (inner) {
      const reason = IPV4_REFUSED.find((range) => matches(inner, range, 8))?.reason;
      if (reason) return `${reason} inside an IPv6 address`;
    }
    return null;
  }
  return "not an IP address";
}

// Names that mean "this machine" or "this network" whatever DNS says.
const LOCAL_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.(localhost|local|localdomain|internal|home\.arpa)$/i;

export class WebhookTargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookTargetRefused";
  }
}

/**
 * Checks a webhook URL before it is saved and again before each send: http(s) only,
 * no credentials, and (unless private targets are allowed) no local host name or
 * refused IP literal. Host names are checked again after DNS resolution (resolve.ts).
 */
export function assertWebhookUrlAllowed(rawUrl: string, options: { allowPrivate: boolean }): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookTargetRefused("must be an absolute http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new WebhookTargetRefused(`must use http or https, not ${url.protocol.replace(/:$/, "")}`);
  }
  if (url.username || url.password) throw new WebhookTargetRefused("must not contain a user name or password");
  if (options.allowPrivate) return url;
  // The WHATWG parser has already turned 0x7f.1, 2130706433 and the like into dotted IPv4.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const reason = refusedAddressReason(host);
    if (reason) throw new WebhookTargetRefused(`points to ${reason}, which webhooks may not reach`);
    return url;
  }
  const name = host.replace(/\.$/, "");
  if (LOCAL_NAMES.test(name)) throw new WebhookTargetRefused(`points to the local host name ${name}, which webhooks may not reach`);
  if (!name.includes(".")) throw new WebhookTargetRefused(`needs a fully qualified host name, not ${name}`);
  return url;
}
