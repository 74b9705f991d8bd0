import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWardenSignature } from "./signature";

const secret = "whsec_3q2-7wBn0cD4mZy9vPqLr8sTu1xWaKe6fGh5jIo2NlE";
const body = JSON.stringify({ event: "alert.opened", deliveryId: "0d9b3c1e-1b2a-4f6e-9a55-2c7f1e9d8b11", alert: { severity: "high" } });
const t = 1_795_700_000;

describe("Warden-Signature", () => {
  it("is t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signWebhookBody(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies within the tolerance and refuses outside it", () => {
    const header = signWebhookBody(secret, body, t);
    expect(verifyWardenSignature({ secret, body, header, nowSeconds: t })).toBe(true);
    expect(verifyWardenSignature({ secret, body, header, nowSeconds: t + 300 })).toBe(true);
    expect(verifyWardenSignature({ secret, body, header, nowSeconds: t + 301 })).toBe(false);
    expect(verifyWardenSignature({ secret, body, header, nowSeconds: t - 301 })).toBe(false);
    expect(verifyWardenSignature({ secret, body, header, nowSeconds: t + 3_000, toleranceSeconds: 3_600 })).toBe(true);
  });

  it("refuses a changed body, another secret, a changed timestamp and malformed headers", () => {
    const header = signWebhookBody(secret, body, t);
    expect(verifyWardenSignature({ secret, body: body.replace("high", "low"), header, nowSeconds: t })).toBe(false);
    expect(verifyWardenSignature({ secret: `${secret}x`, body, header, nowSeconds: t })).toBe(false);
    expect(verifyWardenSignature({ secret, body, header: header.replace(`t=${t}`, `t=${t + 1}`), nowSeconds: t })).toBe(false);
    for (const bad of [null, "", "v1=abc", `t=${t}`, `t=abc,${header.split(",")[1]}`, `t=${t},v1=zz`]) {
      expect(verifyWardenSignature({ secret, body, header: bad, nowSeconds: t })).toBe(false);
    }
  });

  it("accepts a header with several v1 signatures when one matches", () => {
    const good = signWebhookBody(secret, body, t).split(",")[1];
    const other = signWebhookBody("whsec_old", body, t).split(",")[1];
    expect(verifyWardenSignature({ secret, body, header: `t=${t},${other},${good}`, nowSeconds: t })).toBe(true);
  });
});
