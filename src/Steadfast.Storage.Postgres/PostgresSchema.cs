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
    ];
}
