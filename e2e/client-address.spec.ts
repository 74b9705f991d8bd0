// The client address behind per-address login throttling (and the audit log's source
// address) must be the socket peer, not an X-Forwarded-For header a client wrote. Its
// own instance: exhausting the per-address budget would lock 127.0.0.1 out of the
// shared one.
import { expect, test } from "@playwright/test";
import { discardWarden, startWarden } from "./support/warden";

// LOGIN_FAILURES_PER_ADDRESS of lib/auth/throttle.ts (a server-only module the runner cannot import).
const LOGIN_FAILURES_PER_ADDRESS = 20;

test("forged X-Forwarded-For headers do not escape the per-address sign-in limit", async ({ request }) => {
  test.setTimeout(240_000);
  const warden = await startWarden({ port: 3105, pgPort: 25446, env: { WARDEN_DEMO: "0" } });
  try {
    const statuses: number[] = [];
    const attempt = async (n: number) => {
      const { csrfToken } = await (await request.get(`${warden.baseUrl}/api/auth/csrf`)).json();
      const res = await request.post(`${warden.baseUrl}/api/auth/callback/credentials`, {
        // A different account and a different claimed address every time: only the real address repeats.
        form: { csrfToken, email: `spray-${n}@example.com`, password: "wrong password for sure", json: "true" },
        headers: { "x-forwarded-for": `198.51.100.${n + 1}`, "x-real-ip": `203.0.113.${n + 1}` },
        maxRedirects: 0,
      });
      statuses.push(res.status());
    };
    for (let n = 0; n < LOGIN_FAILURES_PER_ADDRESS + 1; n++) await attempt(n);
    expect(statuses.slice(0, LOGIN_FAILURES_PER_ADDRESS).filter((s) => s === 429)).toEqual([]);
    expect(statuses.at(-1)).toBe(429);
  } finally {
    await warden.stop();
    await discardWarden(warden);
  }
});
