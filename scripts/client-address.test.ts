import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress, trustedProxyCount } from "./client-address.mjs";

describe("clientAddress", () => {
  it("without trusted proxies, ignores a forwarded header the client wrote and uses the socket peer", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", 0)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", undefined, 0)).toBe("203.0.113.9");
  });

  it("behind one proxy, takes the address that proxy appended, not what the client put before it", () => {
    // client forged "1.2.3.4"; the proxy appended the real peer 198.51.100.7; the socket is the proxy
    expect(clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "198.51.100.7", 1)).toBe("198.51.100.7");
  });

  it("behind two proxies, and with repeated headers", () => {
    expect(clientAddress("10.0.0.3", ["6.6.6.6, 198.51.100.7", "10.0.0.2"], 2)).toBe("198.51.100.7");
  });

  it("never walks past the start of the chain when fewer proxies appended than configured", () => {
    expect(clientAddress("10.0.0.2", undefined, 3)).toBe("10.0.0.2");
    expect(clientAddress(undefined, undefined, 0)).toBeNull();
  });

  it("spells IPv4-mapped IPv6 peers as IPv4", () => {
    expect(normaliseAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddress("::ffff:192.0.2.1", undefined, 0)).toBe("192.0.2.1");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8::1");
  });

  it("reads the proxy count leniently: junk and negatives mean none", () => {
    expect(trustedProxyCount(undefined)).toBe(0);
    expect(trustedProxyCount("2")).toBe(2);
    expect(trustedProxyCount("-1")).toBe(0);
    expect(trustedProxyCount("many")).toBe(0);
  });
});
