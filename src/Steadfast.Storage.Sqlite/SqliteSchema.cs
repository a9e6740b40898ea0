namespace Steadfast.Storage.Sqlite;

/// <summary>
/// The schema, versioned. Hot state (queue, runs, idempotency) is kept apart from history (events, steps, history)
/// so claims stay fast as history grows.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS events(
            internal_id TEXT PRIMARY KEY,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            ts INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            json TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS events_name ON events(name, internal_id);
        CREATE INDEX IF NOT EXISTS events_received ON events(received_at);
        CREATE TABLE IF NOT EXISTS runs(
            run_id TEXT PRIMARY KEY,
            function_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_ids TEXT NOT NULL,
            status INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            ended_at INTEGER,
            output TEXT,
            request_version INTEGER NOT NULL DEFAULT -1,
            force_step_plan INTEGER NOT NULL DEFAULT 0,
            step_count INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS runs_event ON runs(event_id);
        CREATE INDEX IF NOT EXISTS runs_function ON runs(function_id, run_id);
        CREATE INDEX IF NOT EXISTS runs_status ON runs(status, run_id);
        CREATE TABLE IF NOT EXISTS steps(
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY(run_id, step_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS queue(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            kind INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            owner TEXT,
            claims INTEGER NOT NULL DEFAULT 0,
            dedup_key TEXT UNIQUE);
        CREATE INDEX IF NOT EXISTS queue_due ON queue(due_at);
        CREATE INDEX IF NOT EXISTS queue_run ON queue(run_id);
        CREATE TABLE IF NOT EXISTS idempotency(
            key TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS history(
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            at INTEGER NOT NULL,
            type TEXT NOT NULL,
            step_id TEXT,
            step_name TEXT,
            attempt INTEGER NOT NULL,
            json TEXT);
        CREATE INDEX IF NOT EXISTS history_run ON history(run_id, id);
        """,
        """
        CREATE TABLE IF NOT EXISTS pauses(
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            kind INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            event_name TEXT NOT NULL,
            expression TEXT,
            trigger_json TEXT,
            expires_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS pauses_run ON pauses(run_id);
        """,
        """
        CREATE TABLE IF NOT EXISTS apps(
            app_id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            sdk TEXT NOT NULL,
            framework TEXT NOT NULL,
            checksum TEXT NOT NULL,
            functions_json TEXT NOT NULL,
            synced_at INTEGER NOT NULL) WITHOUT ROWID;
        """,
        """
        ALTER TABLE runs ADD COLUMN ck1 TEXT;
        ALTER TABLE runs ADD COLUMN cl1 INTEGER;
        ALTER TABLE runs ADD COLUMN ck2 TEXT;
        ALTER TABLE runs ADD COLUMN cl2 INTEGER;
        ALTER TABLE queue ADD COLUMN ck1 TEXT;
        ALTER TABLE queue ADD COLUMN cl1 INTEGER;
        ALTER TABLE queue ADD COLUMN ck2 TEXT;
        ALTER TABLE queue ADD COLUMN cl2 INTEGER;
        CREATE INDEX IF NOT EXISTS queue_leased ON queue(owner) WHERE owner IS NOT NULL;
        CREATE TABLE IF NOT EXISTS flow_limits(
            key TEXT PRIMARY KEY,
            tat INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS singletons(
            key TEXT PRIMARY KEY,
            run_id TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS pending_runs(
            key TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            first_at INTEGER NOT NULL,
            size INTEGER NOT NULL) WITHOUT ROWID;
        """,
    ];
}
