// Date-times as every API and page takes them: ISO 8601 text whose instant PostgreSQL can
// store and compare. zod's ISO check takes the year 0000, which PostgreSQL has no such year
// for, and an offset can carry a valid-looking time out of the years 0001-9999
// ("0001-01-01T00:00:00+14:00" falls in year 0 in UTC); past 9999, Date.toISOString writes a
// six-digit year that PostgreSQL does not read. Either reached the database and answered 500.
import { z } from "zod";

const RANGE = "between the years 0001 and 9999 (UTC)";

/** Whether PostgreSQL can store this instant as the API writes it (toISOString). */
export function isStorableInstant(date: Date): boolean {
  const year = date.getUTCFullYear(); // NaN for an invalid date: fails both tests
  return year >= 1 && year <= 9999;
}

/** An ISO 8601 date-time (with an offset unless `offset: false`: then only "Z"), within PostgreSQL's reach. */
export function isoInstant(options: { offset?: boolean; error?: string } = {}) {
  const { offset = true, error } = options;
  return z.iso
    .datetime({ offset, ...(error ? { error } : {}) })
    .refine((value) => isStorableInstant(new Date(value)), { error: `must be a date-time ${RANGE}` });
}
