namespace Steadfast.Storage.Postgres;

/// <summary>
/// The schema, versioned in <c>schema_version</c>. Same shape as the SQLite schema: hot state (queue, runs,
/// idempotency, pauses) apart from history (events, steps, history). Text keys use the C collation so ULIDs sort
/// bytewise, as in SQLite.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>SQLSTATE raised by <c>sf_check</c> when a transition's precondition fails.</summary>
    public const string PreconditionFailed = "SF001";

    /// <summary>
    /// Migration 4: <c>sf_claim</c> of migration 3 with the per-run "oldest due discovery item" subquery kept on
    /// <c>queue_run</c> (<c>m.due_at + 0</c>). With a plain <c>m.due_at &lt;= p_now</c> the planner ANDs in a bitmap scan
    /// of <c>queue_due</c>, which matches nearly every due row, for every candidate: at 10,000 due items a claim took
    /// 87–113 ms instead of a few. Derived from migration 3's text so the two cannot drift apart.
    /// </summary>
    private static readonly string ClaimPlanFix = Rewrite(
        Rewrite(FlowControl[FlowControl.IndexOf("CREATE FUNCTION sf_claim(", StringComparison.Ordinal)..], "CREATE FUNCTION sf_claim(", "CREATE OR REPLACE FUNCTION sf_claim("),
        "m.due_at <= p_now",
        "m.due_at + 0 <= p_now");

    /// <summary>Replaces text that must be there: a derived migration that silently changed nothing would be a no-op.</summary>
    private static string Rewrite(string sql, string from, string to) =>
        sql.Contains(from, StringComparison.Ordinal) ? sql.Replace(from, to, StringComparison.Ordinal) : throw new InvalidOperationException($"migration source lacks '{from}'");

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE events(
            internal_id text COLLATE "C" PRIMARY KEY,
            id text NOT NULL,
            name text NOT NULL,
            ts bigint NOT NULL,
            received_at bigint NOT NULL,
            json text NOT NULL);
        CREATE INDEX events_name ON events(name, internal_id);
        CREATE INDEX events_received ON events(received_at);
        CREATE TABLE runs(
            run_id text COLLATE "C" PRIMARY KEY,
            function_id text NOT NULL,
            event_id text COLLATE "C" NOT NULL,
            event_ids text[] NOT NULL,
            status int NOT NULL,
            created_at bigint NOT NULL,
            ended_at bigint,
            output text,
            request_version int NOT NULL DEFAULT -1,
            force_step_plan boolean NOT NULL DEFAULT false,
            step_count int NOT NULL DEFAULT 0);
        CREATE INDEX runs_event ON runs(event_id);
        CREATE INDEX runs_function ON runs(function_id, run_id);
        CREATE INDEX runs_status ON runs(status, run_id);
        CREATE TABLE steps(
            run_id text COLLATE "C" NOT NULL,
            step_id text NOT NULL,
            seq int NOT NULL,
            json text NOT NULL,
            PRIMARY KEY(run_id, step_id));
        CREATE TABLE queue(
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            kind int NOT NULL,
            step_id text NOT NULL,
            attempt int NOT NULL,
            due_at bigint NOT NULL,
            owner text,
            claims int NOT NULL DEFAULT 0,
            dedup_key text UNIQUE);
        CREATE INDEX queue_due ON queue(due_at);
        CREATE INDEX queue_run ON queue(run_id);
        CREATE TABLE idempotency(
            key text PRIMARY KEY,
            run_id text NOT NULL,
            expires_at bigint NOT NULL);
        CREATE TABLE history(
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            at bigint NOT NULL,
            type text NOT NULL,
            step_id text,
            step_name text,
            attempt int NOT NULL,
            json text);
        CREATE INDEX history_run ON history(run_id, id);
        CREATE TABLE pauses(
            id text PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            kind int NOT NULL,
            step_id text NOT NULL,
            event_name text NOT NULL,
            expression text,
            trigger_json text,
            expires_at bigint NOT NULL,
            created_at bigint NOT NULL);
        CREATE INDEX pauses_run ON pauses(run_id);
        CREATE TABLE apps(
            app_id text COLLATE "C" PRIMARY KEY,
            url text NOT NULL,
            sdk text NOT NULL,
            framework text NOT NULL,
            checksum text NOT NULL,
            functions_json text NOT NULL,
            synced_at bigint NOT NULL);
        CREATE FUNCTION sf_check(ok boolean) RETURNS int LANGUAGE plpgsql AS $$
        BEGIN
            IF ok IS NOT TRUE THEN
                RAISE EXCEPTION 'steadfast: transition precondition failed' USING ERRCODE = 'SF001';
            END IF;
            RETURN 1;
        END $$;
        """,
        """
        CREATE INDEX runs_ended ON runs(ended_at) WHERE ended_at IS NOT NULL;
        """,
        FlowControl,
        ClaimPlanFix,
        ClaimFastPath,
    ];

    /// <summary>
    /// Migration 3, flow control. Runs and their function-call items carry up to two concurrency keys with their limits
    /// (copied onto items so a claim reads one table); GCRA arrival times, singleton keys and open debounce/batch runs
    /// get tables of their own. Decisions are PL/pgSQL functions so a write stays one pipelined statement per run, and
    /// every decision over shared per-key state runs under a transaction-scoped advisory lock of that key (see
    /// <c>sf_lock</c>), taken in one global order so two nodes never deadlock on them:
    /// <list type="bullet">
    /// <item><c>sf_admit</c> decides a candidate run (idempotency, rate limits, debounce/batch join, singleton, throttle)
    /// under the locks of its flow keys (<c>f:</c>), which the writer takes for a whole group before its first statement.</item>
    /// <item><c>sf_claim</c> leases due items without letting any concurrency key (<c>c:</c>) exceed its limit: it locks
    /// the keys of the first candidates, then counts live leases in a snapshot taken after the locks, so every claim of
    /// those keys by another node has committed and is counted. Keys met later are only try-locked (never waited for,
    /// so claims cannot deadlock); an item whose key another claim holds is left for the next claim.</item>
    /// </list>
    /// </summary>
    private const string FlowControl = """
        ALTER TABLE runs ADD COLUMN ck1 text, ADD COLUMN cl1 int, ADD COLUMN ck2 text, ADD COLUMN cl2 int;
        ALTER TABLE queue ADD COLUMN ck1 text, ADD COLUMN cl1 int, ADD COLUMN ck2 text, ADD COLUMN cl2 int;
        CREATE INDEX queue_leased ON queue(due_at) WHERE owner IS NOT NULL;
        CREATE TABLE flow_limits(
            key text PRIMARY KEY,
            tat bigint NOT NULL);
        CREATE TABLE singletons(
            key text PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL);
        CREATE TABLE pending_runs(
            key text PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            first_at bigint NOT NULL,
            size int NOT NULL);

        CREATE FUNCTION sf_lock_id(k text) RETURNS bigint LANGUAGE sql STABLE AS $$
            SELECT hashtextextended(current_schema() || '/' || k, 0)
        $$;

        CREATE FUNCTION sf_lock(p_keys text[]) RETURNS int LANGUAGE plpgsql AS $$
        DECLARE
            h bigint;
            n int := 0;
        BEGIN
            -- One global order (the lock id) for every holder: waits never form a cycle.
            FOR h IN SELECT DISTINCT sf_lock_id(k) FROM unnest(p_keys) k WHERE k IS NOT NULL ORDER BY 1 LOOP
                PERFORM pg_advisory_xact_lock(h);
                n := n + 1;
            END LOOP;
            RETURN n;
        END $$;

        CREATE FUNCTION sf_admit(
            p_run_id text, p_now bigint, p_start_at bigint, p_event_id text,
            p_idem_key text, p_idem_expires bigint,
            p_drop_keys text[], p_drop_intervals bigint[], p_drop_tolerances bigint[],
            p_throttle_key text, p_throttle_interval bigint, p_throttle_tolerance bigint,
            p_singleton_key text, p_singleton_cancel boolean,
            p_pending_key text, p_pending_debounce boolean, p_pending_delay bigint, p_pending_max_delay bigint, p_pending_max_size int)
        RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
            v_start bigint := p_start_at;
            v_tats bigint[] := '{}';
            v_tat bigint;
            v_arrival bigint;
            v_run text;
            v_first bigint;
            v_size int;
            v_item bigint;
            v_due bigint;
            n int;
        BEGIN
            -- Returns the discovery due time of the new run, or NULL when it is not created (deduplicated, dropped by a
            -- limit or a singleton, or joined to an open debounce/batch run). Same decisions, same order as SQLite.
            IF p_idem_key IS NOT NULL THEN
                INSERT INTO idempotency(key, run_id, expires_at) VALUES(p_idem_key, p_run_id, p_idem_expires)
                ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
                WHERE idempotency.expires_at <= p_now;
                GET DIAGNOSTICS n = ROW_COUNT;
                IF n = 0 THEN
                    RETURN NULL;
                END IF;
            END IF;

            -- Normally already held (the writer locks every flow key of its group first); needed when called alone.
            -- Every read below runs after the locks, in a fresh snapshot (a volatile function): a decision of another
            -- node on the same key has committed and is seen.
            PERFORM sf_lock(ARRAY(SELECT 'f:' || k FROM unnest(p_drop_keys || ARRAY[p_throttle_key, p_singleton_key, p_pending_key]) k WHERE k IS NOT NULL));

            -- Drops (idempotency expressions, rate limits): all must conform before any is charged.
            FOR i IN 1 .. coalesce(cardinality(p_drop_keys), 0) LOOP
                SELECT tat INTO v_tat FROM flow_limits WHERE key = p_drop_keys[i];
                v_tat := coalesce(v_tat, p_now);
                IF p_now < v_tat - p_drop_tolerances[i] THEN
                    RETURN NULL;
                END IF;
                v_tats[i] := greatest(p_now, v_tat) + p_drop_intervals[i];
            END LOOP;
            FOR i IN 1 .. coalesce(cardinality(p_drop_keys), 0) LOOP
                INSERT INTO flow_limits(key, tat) VALUES(p_drop_keys[i], v_tats[i]) ON CONFLICT(key) DO UPDATE SET tat = excluded.tat;
            END LOOP;

            -- Debounce / batch: join the key's open pending run while its discovery is not claimed. The discovery row is
            -- locked: a claim taking it right now is waited for, and then its owner is seen and the run takes no more
            -- events; a claim arriving later skips the locked row until this commit.
            IF p_pending_key IS NOT NULL THEN
                SELECT p.run_id, p.first_at, p.size INTO v_run, v_first, v_size
                FROM pending_runs p JOIN runs r ON r.run_id = p.run_id WHERE p.key = p_pending_key AND r.status = 0;
                IF v_run IS NOT NULL THEN
                    SELECT q.id INTO v_item FROM queue q WHERE q.run_id = v_run AND q.kind = 0 AND q.owner IS NULL ORDER BY q.id LIMIT 1 FOR UPDATE;
                END IF;
                IF v_item IS NOT NULL THEN
                    IF p_pending_debounce THEN
                        -- Last event wins; the start moves with every event, capped by the timeout from the first one.
                        v_due := p_now + p_pending_delay;
                        IF p_pending_max_delay IS NOT NULL THEN
                            v_due := least(v_due, v_first + p_pending_max_delay);
                        END IF;
                        UPDATE runs SET event_id = p_event_id, event_ids = ARRAY[p_event_id] WHERE run_id = v_run;
                        UPDATE queue SET due_at = v_due WHERE id = v_item;
                        UPDATE pending_runs SET size = size + 1 WHERE key = p_pending_key;
                    ELSE
                        UPDATE runs SET event_ids = event_ids || p_event_id WHERE run_id = v_run;
                        IF v_size + 1 >= p_pending_max_size THEN
                            -- Full: the batch closes and runs now.
                            UPDATE queue SET due_at = least(due_at, p_now) WHERE id = v_item;
                            DELETE FROM pending_runs WHERE key = p_pending_key;
                        ELSE
                            UPDATE pending_runs SET size = size + 1 WHERE key = p_pending_key;
                        END IF;
                    END IF;
                    RETURN NULL;
                END IF;
            END IF;

            IF p_singleton_key IS NOT NULL THEN
                v_run := NULL;
                SELECT s.run_id INTO v_run FROM singletons s JOIN runs r ON r.run_id = s.run_id WHERE s.key = p_singleton_key AND r.status < 2;
                IF v_run IS NOT NULL THEN
                    IF NOT p_singleton_cancel THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO queue(run_id, kind, step_id, attempt, due_at, dedup_key) VALUES(v_run, 5, 'singleton', 0, p_now, v_run || ':singleton')
                    ON CONFLICT(dedup_key) DO NOTHING;
                END IF;
                INSERT INTO singletons(key, run_id) VALUES(p_singleton_key, p_run_id) ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id;
            END IF;

            IF p_throttle_key IS NOT NULL THEN
                v_tat := NULL;
                SELECT tat INTO v_tat FROM flow_limits WHERE key = p_throttle_key;
                v_arrival := greatest(p_now, v_start);
                v_tat := coalesce(v_tat, v_arrival);
                v_due := greatest(v_arrival, v_tat - p_throttle_tolerance);
                IF v_due > v_arrival THEN
                    v_start := v_due;
                END IF;
                INSERT INTO flow_limits(key, tat) VALUES(p_throttle_key, greatest(v_due, v_tat) + p_throttle_interval)
                ON CONFLICT(key) DO UPDATE SET tat = excluded.tat;
            END IF;

            IF p_pending_key IS NOT NULL AND (p_pending_debounce OR p_pending_max_size > 1) THEN
                INSERT INTO pending_runs(key, run_id, first_at, size) VALUES(p_pending_key, p_run_id, p_now, 1)
                ON CONFLICT(key) DO UPDATE SET run_id = excluded.run_id, first_at = excluded.first_at, size = 1;
            END IF;

            RETURN v_start;
        END $$;

        CREATE FUNCTION sf_claim(p_owner text, p_now bigint, p_lease bigint, p_limit int) RETURNS SETOF queue LANGUAGE plpgsql AS $$
        DECLARE
            v_full text[];
            v_keys text[];
            v_leased jsonb;
            v_locked text[];
            v_ids bigint[] := '{}';
            v_ok boolean;
            v_n int;
            v_k text;
            v_l int;
            c record;
        BEGIN
            IF p_limit <= 0 THEN
                RETURN;
            END IF;

            -- Keys at their limit now, without locks: only to keep their items out of the first candidates.
            SELECT coalesce(array_agg(y.ck) FILTER (WHERE y.n >= y.m), '{}') INTO v_full FROM (
                SELECT x.ck, count(*) AS n, min(x.cl) AS m FROM (
                    SELECT q.ck1 AS ck, q.cl1 AS cl FROM queue q WHERE q.owner IS NOT NULL AND q.due_at > p_now AND q.ck1 IS NOT NULL
                    UNION ALL
                    SELECT q.ck2, q.cl2 FROM queue q WHERE q.owner IS NOT NULL AND q.due_at > p_now AND q.ck2 IS NOT NULL) x
                GROUP BY x.ck) y;

            -- The keys of the first candidates, locked in the global order (waiting for claims of other nodes on them).
            SELECT coalesce(array_agg(DISTINCT z.k), '{}') INTO v_keys FROM (
                SELECT unnest(ARRAY[c1.ck1, c1.ck2]) AS k FROM (
                    SELECT q.ck1, q.ck2 FROM queue q WHERE q.due_at <= p_now
                    AND NOT (q.kind IN (0, 2, 3) AND EXISTS (
                        SELECT 1 FROM queue o WHERE o.run_id = q.run_id AND o.owner IS NOT NULL AND o.kind IN (0, 2, 3) AND o.due_at > p_now))
                    AND (q.kind NOT IN (0, 2, 3) OR q.id = (
                        SELECT min(m.id) FROM queue m WHERE m.run_id = q.run_id AND m.kind IN (0, 2, 3) AND m.due_at <= p_now))
                    AND (q.ck1 IS NULL OR q.ck1 <> ALL(v_full)) AND (q.ck2 IS NULL OR q.ck2 <> ALL(v_full))
                    ORDER BY q.due_at LIMIT p_limit) c1) z
            WHERE z.k IS NOT NULL;
            PERFORM sf_lock(ARRAY(SELECT 'c:' || k FROM unnest(v_keys) k));
            v_locked := v_keys;

            -- Live leases per key, in a snapshot taken after the locks: exact for the locked keys.
            SELECT coalesce(jsonb_object_agg(y.ck, y.n), '{}'), coalesce(array_agg(y.ck) FILTER (WHERE y.n >= y.m), '{}') INTO v_leased, v_full FROM (
                SELECT x.ck, count(*) AS n, min(x.cl) AS m FROM (
                    SELECT q.ck1 AS ck, q.cl1 AS cl FROM queue q WHERE q.owner IS NOT NULL AND q.due_at > p_now AND q.ck1 IS NOT NULL
                    UNION ALL
                    SELECT q.ck2, q.cl2 FROM queue q WHERE q.owner IS NOT NULL AND q.due_at > p_now AND q.ck2 IS NOT NULL) x
                GROUP BY x.ck) y;

            -- As before flow control: a claimed discovery item gives up its dedup key; discovery-type items (discovery,
            -- sleep wake, pause timeout) of one run are serialized. Keys that fill up within this claim are counted item
            -- by item. The window is wide (runs of one key queue back to back) but read lazily.
            FOR c IN
                SELECT q.id, q.ck1, q.cl1, q.ck2, q.cl2 FROM queue q WHERE q.due_at <= p_now
                AND NOT (q.kind IN (0, 2, 3) AND EXISTS (
                    SELECT 1 FROM queue o WHERE o.run_id = q.run_id AND o.owner IS NOT NULL AND o.kind IN (0, 2, 3) AND o.due_at > p_now))
                AND (q.kind NOT IN (0, 2, 3) OR q.id = (
                    SELECT min(m.id) FROM queue m WHERE m.run_id = q.run_id AND m.kind IN (0, 2, 3) AND m.due_at <= p_now))
                AND (q.ck1 IS NULL OR q.ck1 <> ALL(v_full)) AND (q.ck2 IS NULL OR q.ck2 <> ALL(v_full))
                ORDER BY q.due_at LIMIT p_limit * 32 + 1024
                FOR UPDATE SKIP LOCKED
            LOOP
                v_ok := true;
                FOR i IN 1 .. 2 LOOP
                    v_k := CASE i WHEN 1 THEN c.ck1 ELSE c.ck2 END;
                    v_l := CASE i WHEN 1 THEN c.cl1 ELSE c.cl2 END;
                    CONTINUE WHEN v_k IS NULL;
                    IF NOT (v_k = ANY(v_locked)) THEN
                        -- A key not locked above: try only (waiting here, holding other keys, could deadlock with a
                        -- claim of another node); once locked, count it afresh.
                        IF NOT pg_try_advisory_xact_lock(sf_lock_id('c:' || v_k)) THEN
                            v_ok := false;
                            EXIT;
                        END IF;
                        v_locked := v_locked || v_k;
                        SELECT count(*) INTO v_n FROM queue q WHERE q.owner IS NOT NULL AND q.due_at > p_now AND (q.ck1 = v_k OR q.ck2 = v_k);
                        v_leased := v_leased || jsonb_build_object(v_k, v_n);
                    END IF;
                    IF coalesce((v_leased ->> v_k)::int, 0) >= v_l THEN
                        v_ok := false;
                        EXIT;
                    END IF;
                END LOOP;
                CONTINUE WHEN NOT v_ok;

                IF c.ck1 IS NOT NULL THEN
                    v_leased := v_leased || jsonb_build_object(c.ck1, coalesce((v_leased ->> c.ck1)::int, 0) + 1);
                END IF;
                IF c.ck2 IS NOT NULL THEN
                    v_leased := v_leased || jsonb_build_object(c.ck2, coalesce((v_leased ->> c.ck2)::int, 0) + 1);
                END IF;
                v_ids := v_ids || c.id;
                EXIT WHEN cardinality(v_ids) >= p_limit;
            END LOOP;

            IF cardinality(v_ids) = 0 THEN
                RETURN;
            END IF;

            RETURN QUERY
                WITH u AS (
                    UPDATE queue SET owner = p_owner, due_at = p_lease, claims = queue.claims + 1,
                        dedup_key = CASE queue.kind WHEN 0 THEN NULL ELSE queue.dedup_key END
                    WHERE queue.id = ANY(v_ids)
                    RETURNING queue.*)
                SELECT u.* FROM u JOIN unnest(v_ids) WITH ORDINALITY AS o(id, n) ON o.id = u.id ORDER BY o.n;
        END $$;
        """;

    /// <summary>
    /// The claim's candidates: due items; discovery-type items (discovery, sleep wake, pause timeout) of one run
    /// serialized. Both per-run checks are scalar subqueries on <c>queue_run</c> (<c>due_at + 0</c>): written as
    /// <c>EXISTS</c>, the planner hashed the first one — a scan of every leased item (~250 rows, 2–4 ms) per claim.
    /// </summary>
    private const string ClaimCandidates = """
        q.due_at <= p_now
                AND (q.kind NOT IN (0, 2, 3) OR (
                    SELECT o.id FROM queue o WHERE o.run_id = q.run_id AND o.owner IS NOT NULL AND o.kind IN (0, 2, 3) AND o.due_at + 0 > p_now LIMIT 1) IS NULL)
                AND (q.kind NOT IN (0, 2, 3) OR q.id = (
                    SELECT min(m.id) FROM queue m WHERE m.run_id = q.run_id AND m.kind IN (0, 2, 3) AND m.due_at + 0 <= p_now))
        """;

    /// <summary>
    /// The live leases of the key <paramref name="key"/> (an SQL expression), by an index range scan of the partial
    /// indexes of leased items per key and lease end (a plain index scan marks the entries of settled items dead as it
    /// meets them; a bitmap scan of a key-only index visited every one of them again on every claim).
    /// </summary>
    private static string LeasedOfKey(string key) => $"""
        ((SELECT count(*) FROM queue l1 WHERE l1.ck1 = {key} AND l1.owner IS NOT NULL AND l1.due_at > p_now)
                + (SELECT count(*) FROM queue l2 WHERE l2.ck2 = {key} AND l2.owner IS NOT NULL AND l2.due_at > p_now))::int
        """;

    /// <summary>What claiming an item writes: the lease, one more claim, and a discovery item gives up its dedup key.</summary>
    private const string ClaimLease = """
        UPDATE queue SET owner = p_owner, due_at = p_lease, claims = queue.claims + 1,
                            dedup_key = CASE queue.kind WHEN 0 THEN NULL ELSE queue.dedup_key END
        """;

    /// <summary>
    /// Migration 5: a claim that costs in proportion to what it takes. Migration 3's claim aggregated every live lease of
    /// every key twice per call (about 4 of its 9.5 ms at 256 items in flight per node) and then picked items one by one
    /// in PL/pgSQL. Now: the window (the first <c>p_limit</c> candidates) is read first, its keys are locked in the
    /// global order, and only those keys' live leases are counted, through partial indexes of leased items per key.
    /// When every key has room for at least a window's worth of items — the common case — the candidates are read
    /// again after the locks and claimed in one statement. When a key is near or at its limit, or that statement finds
    /// nothing, the claim goes item by item as migration 3's did (its text is kept as shipped, so the loop is repeated
    /// here rather than shared), with the keys at their limit kept out of the candidates so they cannot fill the window
    /// and starve other keys; keys met beyond the window are only try-locked, never waited for, so claims cannot deadlock.
    /// </summary>
    private static string ClaimFastPath => $$"""
        CREATE INDEX queue_ck1_leased ON queue(ck1, due_at) WHERE owner IS NOT NULL AND ck1 IS NOT NULL;
        CREATE INDEX queue_ck2_leased ON queue(ck2, due_at) WHERE owner IS NOT NULL AND ck2 IS NOT NULL;

        CREATE OR REPLACE FUNCTION sf_claim(p_owner text, p_now bigint, p_lease bigint, p_limit int) RETURNS SETOF queue LANGUAGE plpgsql SET enable_bitmapscan = off AS $$
        DECLARE
            v_ids bigint[];
            v_window int;
            v_room int;
            v_keys text[];
            v_wl int[];
            v_counts int[];
            v_full text[];
            v_leased jsonb;
            v_locked text[];
            v_ok boolean;
            v_n int;
            v_k text;
            v_l int;
            c record;
        BEGIN
            IF p_limit <= 0 THEN
                RETURN;
            END IF;

            -- The window (the first candidates), its keys and each key's lowest limit among them.
            WITH w AS (
                SELECT q.ck1, q.cl1, q.ck2, q.cl2 FROM queue q WHERE {{ClaimCandidates}}
                ORDER BY q.due_at LIMIT p_limit),
            k AS (
                SELECT v.k, min(v.l)::int AS l FROM w, LATERAL (VALUES (w.ck1, w.cl1), (w.ck2, w.cl2)) v(k, l)
                WHERE v.k IS NOT NULL GROUP BY v.k)
            SELECT (SELECT count(*) FROM w), coalesce(array_agg(k.k ORDER BY k.k), '{}'), coalesce(array_agg(k.l ORDER BY k.k), '{}')
            INTO v_window, v_keys, v_wl FROM k;
            IF v_window = 0 THEN
                RETURN;
            END IF;

            -- The window's keys locked in the global order (waiting for claims of other nodes on them); their live
            -- leases counted in a snapshot taken after the locks, so every claim of those keys by another node has
            -- committed and is counted.
            PERFORM sf_lock(ARRAY(SELECT 'c:' || k FROM unnest(v_keys) k));
            v_locked := v_keys;
            SELECT coalesce(array_agg({{LeasedOfKey("u.k")}} ORDER BY u.n), '{}')
            INTO v_counts FROM unnest(v_keys) WITH ORDINALITY AS u(k, n);

            -- Fast path, when every locked key has room for at least a window's worth of items: the candidates are read
            -- again after the locks (items claimed meanwhile are gone) and up to v_room of them taken at once. Only
            -- items whose keys are all locked, each key with room for v_room more by the item's own limit, qualify, so
            -- no set of them can take a key past its limit.
            v_room := least(p_limit, coalesce((SELECT min(x.l - x.c) FROM unnest(v_wl, v_counts) AS x(l, c)), p_limit));
            IF v_room >= v_window THEN
                RETURN QUERY
                    WITH t AS (
                        SELECT q.id, q.due_at FROM queue q WHERE {{ClaimCandidates}}
                        AND (q.ck1 IS NULL OR EXISTS (SELECT 1 FROM unnest(v_keys, v_counts) AS x(k, c) WHERE x.k = q.ck1 AND x.c + v_room <= q.cl1))
                        AND (q.ck2 IS NULL OR EXISTS (SELECT 1 FROM unnest(v_keys, v_counts) AS x(k, c) WHERE x.k = q.ck2 AND x.c + v_room <= q.cl2))
                        ORDER BY q.due_at LIMIT v_room
                        FOR UPDATE OF q SKIP LOCKED),
                    u AS (
                        {{ClaimLease}}
                        FROM t WHERE queue.id = t.id
                        RETURNING queue.*)
                    SELECT u.* FROM u JOIN t ON t.id = u.id ORDER BY t.due_at, t.id;
                GET DIAGNOSTICS v_n = ROW_COUNT;
                IF v_n > 0 THEN
                    RETURN;
                END IF;
            END IF;

            -- A key near or at its limit: item by item. Keys at their limit are kept out of the candidates (exact for
            -- the locked keys, a hint for the others); keys that fill up within this claim are counted item by item.
            SELECT coalesce(jsonb_object_agg(x.k, x.c), '{}') INTO v_leased FROM unnest(v_keys, v_counts) AS x(k, c);
            v_ids := '{}';
            SELECT coalesce(array_agg(y.k) FILTER (WHERE y.n >= y.m), '{}') INTO v_full FROM (
                SELECT v.k, count(*) AS n, min(v.l) AS m FROM queue q, LATERAL (VALUES (q.ck1, q.cl1), (q.ck2, q.cl2)) v(k, l)
                WHERE q.owner IS NOT NULL AND q.due_at > p_now AND v.k IS NOT NULL GROUP BY v.k) y;
            FOR c IN
                SELECT q.id, q.ck1, q.cl1, q.ck2, q.cl2 FROM queue q WHERE {{ClaimCandidates}}
                AND (q.ck1 IS NULL OR q.ck1 <> ALL(v_full)) AND (q.ck2 IS NULL OR q.ck2 <> ALL(v_full))
                ORDER BY q.due_at LIMIT p_limit * 32 + 1024
                FOR UPDATE SKIP LOCKED
            LOOP
                v_ok := true;
                FOR i IN 1 .. 2 LOOP
                    v_k := CASE i WHEN 1 THEN c.ck1 ELSE c.ck2 END;
                    v_l := CASE i WHEN 1 THEN c.cl1 ELSE c.cl2 END;
                    CONTINUE WHEN v_k IS NULL;
                    IF NOT (v_k = ANY(v_locked)) THEN
                        -- A key not locked above: try only (waiting here, holding other keys, could deadlock with a
                        -- claim of another node); once locked, count it afresh.
                        IF NOT pg_try_advisory_xact_lock(sf_lock_id('c:' || v_k)) THEN
                            v_ok := false;
                            EXIT;
                        END IF;
                        v_locked := v_locked || v_k;
                        v_n := {{LeasedOfKey("v_k")}};
                        v_leased := v_leased || jsonb_build_object(v_k, v_n);
                    END IF;
                    IF coalesce((v_leased ->> v_k)::int, 0) >= v_l THEN
                        v_ok := false;
                        EXIT;
                    END IF;
                END LOOP;
                CONTINUE WHEN NOT v_ok;

                IF c.ck1 IS NOT NULL THEN
                    v_leased := v_leased || jsonb_build_object(c.ck1, coalesce((v_leased ->> c.ck1)::int, 0) + 1);
                END IF;
                IF c.ck2 IS NOT NULL THEN
                    v_leased := v_leased || jsonb_build_object(c.ck2, coalesce((v_leased ->> c.ck2)::int, 0) + 1);
                END IF;
                v_ids := v_ids || c.id;
                EXIT WHEN cardinality(v_ids) >= p_limit;
            END LOOP;

            IF cardinality(v_ids) = 0 THEN
                RETURN;
            END IF;

            RETURN QUERY
                WITH u AS (
                    {{ClaimLease}}
                    WHERE queue.id = ANY(v_ids)
                    RETURNING queue.*)
                SELECT u.* FROM u JOIN unnest(v_ids) WITH ORDINALITY AS o(id, n) ON o.id = u.id ORDER BY o.n;
        END $$;
        """;
}
