-- Rate-limit counters (API keys per second, sign-in failures per 15 minutes) are written by
-- every API request. As an unlogged table they write no WAL, so a request no longer waits
-- for a WAL flush just to count itself. After a crash PostgreSQL empties the table: the
-- counters start again from zero, which for windows of seconds to minutes loses nothing
-- that matters. (A clean restart keeps them.)
ALTER TABLE "rate_limits" SET UNLOGGED;
