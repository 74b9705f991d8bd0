import { describe, expect, it } from "vitest";
import { isoInstant, isStorableInstant } from "./instant";

describe("isStorableInstant", () => {
  it("takes the years 0001 to 9999 in UTC, and nothing else", () => {
    expect(isStorableInstant(new Date("0001-01-01T00:00:00Z"))).toBe(true);
    expect(isStorableInstant(new Date("9999-12-31T23:59:59.999Z"))).toBe(true);
    expect(isStorableInstant(new Date("0000-12-31T23:59:59.999Z"))).toBe(false);
    expect(isStorableInstant(new Date("+010000-01-01T00:00:00Z"))).toBe(false);
    expect(isStorableInstant(new Date(8.64e15))).toBe(false);
    expect(isStorableInstant(new Date("not a date"))).toBe(false);
  });
});

describe("isoInstant", () => {
  const message = (schema: ReturnType<typeof isoInstant>, value: string) => schema.safeParse(value).error?.issues[0]?.message;

  it("takes ISO date-times with an offset, judged by their instant in UTC", () => {
    const schema = isoInstant();
    expect(schema.parse("2026-11-27T10:00:00+02:00")).toBe("2026-11-27T10:00:00+02:00");
    expect(schema.safeParse("0001-01-01T12:00:00+10:00").success).toBe(true);
    for (const value of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]) {
      expect(message(schema, value)).toBe("must be a date-time between the years 0001 and 9999 (UTC)");
    }
  });

  it("keeps the caller's message for a value that is not a date-time, and takes only Z without offsets", () => {
    expect(message(isoInstant({ error: "from must be an ISO-8601 date-time" }), "yesterday")).toBe("from must be an ISO-8601 date-time");
    expect(isoInstant({ offset: false }).safeParse("2026-11-27T10:00:00+02:00").success).toBe(false);
    expect(isoInstant({ offset: false }).safeParse("2026-11-27T10:00:00Z").success).toBe(true);
  });
});
