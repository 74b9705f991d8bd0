import { describe, expect, it } from "vitest";
import { assertWebhookUrlAllowed, parseIpv6, refusedAddressReason } from "./address-policy";

describe("refusedAddressReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.20", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.254", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fc00::1", "private"],
    ["fd12:3456:789a::1", "private"],
    ["ff02::1", "multicast"],
    ["::ffff:10.0.0.1", "private address (10.0.0.0/8) inside an IPv6 address"],
    ["::ffff:a00:1", "private address (10.0.0.0/8) inside an IPv6 address"],
    ["::ffff:169.254.169.254", "link-local address (169.254.0.0/16) inside an IPv6 address"],
    ["::ffff:127.0.0.1", "loopback address (127.0.0.0/8) inside an IPv6 address"],
    ["::127.0.0.1", "loopback address (127.0.0.0/8) inside an IPv6 address"],
    ["::ffff:0:192.168.0.1", "private address (192.168.0.0/16) inside an IPv6 address"],
    ["64:ff9b::10.1.2.3", "private address (10.0.0.0/8) inside an IPv6 address"],
    ["2002:a9fe:a9fe::1", "link-local address (169.254.0.0/16) inside an IPv6 address"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(refusedAddressReason(address)).toContain(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "169.255.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1"])(
    "allows the public address %s",
    (address) => {
      expect(refusedAddressReason(address)).toBeNull();
    },
  );

  it("parses IPv6 forms into eight groups and rejects malformed ones", () => {
    expect(parseIpv6("::ffff:10.0.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]);
    expect(parseIpv6("2001:db8::8:800:200c:417a")).toEqual([0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a]);
    expect(parseIpv6("1::2::3")).toBeNull();
    expect(parseIpv6("1:2:3:4:5:6:7")).toBeNull();
    expect(parseIpv6("::ffff:300.0.0.1")).toBeNull();
  });
});

describe("assertWebhookUrlAllowed", () => {
  const strict = { allowPrivate: false };

  it.each([
    ["http://169.254.169.254/latest/meta-data/", "link-local"],
    ["http://10.0.0.1/hook", "private"],
    ["https://127.0.0.1:8443/", "loopback"],
    ["http://[::1]:3000/", "loopback"],
    ["http://[::ffff:169.254.169.254]/", "link-local"],
    ["http://[fd00::5]/", "private"],
    ["http://0x7f.1/", "loopback"],
    ["http://2130706433/", "loopback"],
    ["http://0177.0.0.1/", "loopback"],
    ["http://0/", "unspecified"],
    ["http://100.100.100.200/", "carrier-grade NAT"],
    ["http://localhost:3000/hook", "local host name localhost"],
    ["http://LOCALHOST./hook", "local host name"],
    ["http://api.localhost/hook", "local host name"],
    ["http://metadata.google.internal/computeMetadata/v1/", "local host name"],
    ["http://printer.local/", "local host name"],
    ["http://intranet/hook", "fully qualified"],
    ["ftp://hooks.example.com/", "http or https"],
    ["file:///etc/passwd", "http or https"],
    ["javascript:alert(1)", "http or https"],
    ["https://user:pass@hooks.example.com/", "user name or password"],
    ["not a url", "absolute http"],
  ])("refuses %s", (url, message) => {
    expect(() => assertWebhookUrlAllowed(url, strict)).toThrow(message);
  });

  it("accepts public http(s) URLs", () => {
    expect(assertWebhookUrlAllowed("https://hooks.example.com/warden?team=sec", strict).hostname).toBe("hooks.example.com");
    expect(assertWebhookUrlAllowed("http://93.184.216.34:8080/in", strict).port).toBe("8080");
  });

  it("allows private and loopback targets only when the setting allows them, never other schemes", () => {
    const open = { allowPrivate: true };
    expect(assertWebhookUrlAllowed("http://127.0.0.1:4000/hook", open).port).toBe("4000");
    expect(assertWebhookUrlAllowed("http://10.0.0.1/hook", open).hostname).toBe("10.0.0.1");
    expect(() => assertWebhookUrlAllowed("gopher://127.0.0.1/", open)).toThrow("http or https");
  });
});
