using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Steadfast.Protocol.Ids;

namespace Steadfast.Bench.Dashboard;

/// <summary>
/// Writes a large history straight into the SQLite schema (after the store created it): events, runs of several
/// functions with mixed outcomes, their memoized steps and history. No queue items, so the engine has nothing to run
/// and the numbers measure reads only. Writing through the contract would enqueue 100k discovery items.
/// </summary>
internal static class HistorySeeder
{
    public static readonly string[] Functions = ["bench-sync-user", "bench-welcome-email", "bench-onboarding-drip", "bench-update-user", "bench-delete-user"];

    public static readonly string[] EventNames = ["clerk/user.created", "clerk/user.updated", "clerk/user.deleted", "app/invoice.paid"];

    public static (string SomeRunId, string SomeEventId, string FailedRunId) Seed(string databasePath, int runs, long start)
    {
        var watch = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var ev = Command(connection, tx, "INSERT INTO events(internal_id, id, name, ts, received_at, json) VALUES($i, $i, $n, $t, $t, $j)", "$i", "$n", "$t", "$j");
        using var run = Command(connection, tx, "INSERT INTO runs(run_id, function_id, event_id, event_ids, status, created_at, ended_at, output, request_version, force_step_plan, step_count) VALUES($r, $f, $e, $es, $s, $c, $end, $o, 1, 0, 2)", "$r", "$f", "$e", "$es", "$s", "$c", "$end", "$o");
        using var step = Command(connection, tx, "INSERT INTO steps(run_id, step_id, seq, json) VALUES($r, $s, $q, $j)", "$r", "$s", "$q", "$j");
        using var history = Command(connection, tx, "INSERT INTO history(run_id, at, type, step_id, step_name, attempt, json) VALUES($r, $a, $t, $s, $n, $at, $j)", "$r", "$a", "$t", "$s", "$n", "$at", "$j");
        var entropy = new byte[10];
        string some = "", someEvent = "", failed = "";
        for (var i = 0; i < runs; i++)
        {
            // One event every 30 ms of simulated time; each starts one run (the history spans ~50 minutes per 100k).
            var at = start + (i * 30L);
            Random.Shared.NextBytes(entropy);
            var eventId = UlidGenerator.Format(at, entropy);
            Random.Shared.NextBytes(entropy);
            var runId = UlidGenerator.Format(at, entropy);
            var name = EventNames[i % EventNames.Length];
            var json = $$$"""{"name":"{{{name}}}","data":{"id":"user_{{{i}}}","email_addresses":[{"email_address":"user{{{i}}}@example.com"}],"first_name":"User {{{i}}}"},"id":"{{{eventId}}}","ts":{{{at}}},"user":{}}""";
            Exec(ev, eventId, name, at, json);
            var status = i % 20 == 0 ? 3 : i % 97 == 0 ? 4 : i % 50 == 1 ? 1 : 2; // 5 % failed, ~1 % cancelled, 2 % running
            var output = status switch
            {
                3 => """{"name":"Error","message":"SMTP 421: try again later"}""",
                4 => """{"name":"FunctionCancelled","message":"cancelled"}""",
                1 => null,
                _ => $$"""{"ok":true,"user":"user_{{i}}"}""",
            };
            Exec(run, runId, Functions[i % Functions.Length], eventId, $"[\"{eventId}\"]", status, at, status == 1 ? null : at + 120, output);
            Exec(step, runId, "a1b2c3", 0, $$$"""{"data":{"id":"user_{{{i}}}"}}""");
            Exec(step, runId, "d4e5f6", 1, """{"data":"sent"}""");
            Exec(history, runId, at, "RunScheduled", null, null, 0, null);
            Exec(history, runId, at + 40, "StepCompleted", "a1b2c3", "upsert-user", 0, $$$"""{"data":{"id":"user_{{{i}}}"}}""");
            Exec(history, runId, at + 80, "StepCompleted", "d4e5f6", "send-email", 0, """{"data":"sent"}""");
            if (status != 1)
            {
                Exec(history, runId, at + 120, status switch { 3 => "RunFailed", 4 => "RunCancelled", _ => "RunCompleted" }, null, null, 0, output);
            }

            if (i == runs / 2)
            {
                some = runId;
                someEvent = eventId;
            }

            if (status == 3)
            {
                failed = runId;
            }
        }

        tx.Commit();
        Console.WriteLine($"seeded {runs:N0} events, {runs:N0} runs, {runs * 2:N0} steps, ~{runs * 4:N0} history rows in {watch.Elapsed.TotalSeconds:F1} s");
        return (some, someEvent, failed);
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var n in names)
        {
            cmd.Parameters.Add(new SqliteParameter(n, null));
        }

        cmd.Prepare();
        return cmd;
    }

    private static void Exec(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                int n => Convert.ToInt64(n, CultureInfo.InvariantCulture),
                var v => v,
            };
        }

        cmd.ExecuteNonQuery();
    }
}
