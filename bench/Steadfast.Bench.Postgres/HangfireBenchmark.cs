using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace Steadfast.Bench.Postgres;

/// <summary>
/// The same work on Hangfire 1.8 with Hangfire.PostgreSql on the same database: per run, a job with two
/// continuations (a -> b -> c), executed by N BackgroundJobServers (the "nodes"); the clock stops when the last
/// third job ran.
/// </summary>
internal static class HangfireBenchmark
{
    private static int s_completed;
    private static int s_target;
    private static TaskCompletionSource s_done = new();

    public static async Task<double> RunAsync(string connectionString, int servers, int runs, int workers)
    {
        var schema = "hangfire_" + Guid.NewGuid().ToString("N")[..8];
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromMilliseconds(50),
        };
        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options), options);
        JobStorage.Current = storage;
        s_completed = 0;
        s_target = runs;
        s_done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new BackgroundJobClient(storage);
        var jobServers = Enumerable.Range(0, servers)
            .Select(_ => new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers, SchedulePollingInterval = TimeSpan.FromSeconds(1) }, storage))
            .ToList();
        try
        {
            var sw = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < runs)
                {
                    var a = client.Enqueue(() => Step(i, 1));
                    var b = client.ContinueJobWith(a, () => Step(i, 2));
                    client.ContinueJobWith(b, () => Step(i, 3));
                }
            })));
            var enqueue = sw.Elapsed;
            await s_done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var total = sw.Elapsed;
            Console.WriteLine($"hangfire: {servers} server(s) x {workers} workers, {runs:N0} chains in {total.TotalSeconds:0.00} s = {runs / total.TotalSeconds:N0} chains/s, {runs * 3 / total.TotalSeconds:N0} jobs/s (enqueue {enqueue.TotalSeconds:0.00} s)");
            return total.TotalSeconds;
        }
        finally
        {
            foreach (var s in jobServers)
            {
                s.SendStop();
            }

            foreach (var s in jobServers)
            {
                s.Dispose();
            }

            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", c);
            await drop.ExecuteNonQueryAsync();
        }
    }

    public static int Step(int i, int n)
    {
        if (n == 3 && Interlocked.Increment(ref s_completed) == s_target)
        {
            s_done.TrySetResult();
        }

        return i + n;
    }
}
