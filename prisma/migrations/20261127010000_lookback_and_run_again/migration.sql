-- The blocked-spike look-back of event ingest (lib/alerts/on-ingest.ts) as one call that first
-- takes the project's spike lock and only then reads. Batches of a project that carry blocked
-- events are judged one after the other, each seeing every blocked event committed before it;
-- a statement's snapshot is taken when it starts, so a read in the statement that waited for
-- the lock would miss the batch that held it. A VOLATILE function's queries take snapshots
-- of their own, after the lock: the event writer's agents update, the lock and the read share
-- one round trip, and the lock is held one round trip less.
--
-- p_after: a value of the caller's statement (the count of agents it moved). The call waits
-- for it, so agents' rows are always locked before the spike lock, in the writers' lock order.
-- The read: blocked events nearest the new ones, within the window around them: the newest at
-- or before p_at and the oldest after it (late or replayed data), each up to p_limit rows,
-- per agent when p_agents is given. Each slice is limited on ScanEvent alone, in index order,
-- and only the rows kept are joined to their agent: joined first, a generic plan hashed every
-- blocked event of the window (about 2,000 in a spike) and sorted them.
CREATE FUNCTION "warden_blocked_lookback"(
  p_project text, p_from timestamptz, p_at timestamptz, p_to timestamptz,
  p_exclude text[], p_limit integer, p_agents text[], p_after bigint
) RETURNS TABLE ("id" text, "agentName" text, "source" text, "textLength" integer, "conversationRef" text, "occurredAt" timestamptz, "slice" text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  -- 0x53504b45 ("SPKE") and the project: the spike lock, held to the end of the transaction.
  PERFORM pg_advisory_xact_lock(1397771077, hashtext(p_project));
  IF p_agents IS NULL THEN
    RETURN QUERY
      SELECT x."id", a."name", x."source", x."textLength", x."conversationRef", x."occurredAt", x."slice"
      FROM (
        (SELECT e."id", e."agentId", e."source"::text AS "source", e."textLength", e."conversationRef",
                e."occurredAt" AT TIME ZONE 'UTC' AS "occurredAt", 'before'::text AS "slice"
           FROM "ScanEvent" e
          WHERE e."projectId" = p_project AND e."verdict" = 'blocked' AND NOT (e."id" = ANY(p_exclude))
            AND e."occurredAt" >= p_from AT TIME ZONE 'UTC' AND e."occurredAt" <= p_at AT TIME ZONE 'UTC'
          ORDER BY e."occurredAt" DESC LIMIT p_limit)
        UNION ALL
        (SELECT e."id", e."agentId", e."source"::text, e."textLength", e."conversationRef",
                e."occurredAt" AT TIME ZONE 'UTC', 'after'::text
           FROM "ScanEvent" e
          WHERE e."projectId" = p_project AND e."verdict" = 'blocked' AND NOT (e."id" = ANY(p_exclude))
            AND e."occurredAt" > p_at AT TIME ZONE 'UTC' AND e."occurredAt" <= p_to AT TIME ZONE 'UTC'
          ORDER BY e."occurredAt" ASC LIMIT p_limit)
      ) AS x JOIN "Agent" a ON a."id" = x."agentId";
  ELSE
    RETURN QUERY
      SELECT x."id", a."name", x."source", x."textLength", x."conversationRef", x."occurredAt", x."slice"
      FROM "Agent" a CROSS JOIN LATERAL (
        (SELECT e."id", e."source"::text AS "source", e."textLength", e."conversationRef",
                e."occurredAt" AT TIME ZONE 'UTC' AS "occurredAt", 'before'::text AS "slice"
           FROM "ScanEvent" e
          WHERE e."projectId" = p_project AND e."agentId" = a."id" AND e."verdict" = 'blocked' AND NOT (e."id" = ANY(p_exclude))
            AND e."occurredAt" >= p_from AT TIME ZONE 'UTC' AND e."occurredAt" <= p_at AT TIME ZONE 'UTC'
          ORDER BY e."occurredAt" DESC LIMIT p_limit)
        UNION ALL
        (SELECT e."id", e."source"::text, e."textLength", e."conversationRef",
                e."occurredAt" AT TIME ZONE 'UTC', 'after'::text
           FROM "ScanEvent" e
          WHERE e."projectId" = p_project AND e."agentId" = a."id" AND e."verdict" = 'blocked' AND NOT (e."id" = ANY(p_exclude))
            AND e."occurredAt" > p_at AT TIME ZONE 'UTC' AND e."occurredAt" <= p_to AT TIME ZONE 'UTC'
          ORDER BY e."occurredAt" ASC LIMIT p_limit)
      ) AS x
      WHERE a."projectId" = p_project AND a."name" = ANY(p_agents);
  END IF;
END
$$;

-- A writer whose last statement carries its COMMIT (lib/db/sql.ts, finalQuery) can run nothing
-- after it. When that statement finds that something must follow after all (its usage charge
-- crossed a quota rule's share, whose alert is raised next), it calls this: the transaction is
-- aborted, and the writer runs it again, committing on its own.
CREATE FUNCTION "warden_run_again"(p_reason text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'the transaction must run again: %', p_reason USING ERRCODE = 'WR001';
END
$$;
