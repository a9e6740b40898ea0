using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Steadfast.EndToEnd.Tests;

/// <summary>
/// Three real server processes on one PostgreSQL database (located by <c>STEADFAST_TEST_POSTGRES</c>, default
/// <c>Host=localhost;Username=postgres;Password=postgres</c>, see scripts/setup-postgres.sh) under a steady load of
/// multi-step runs with a sleep; one node is killed with SIGKILL mid-run. Every accepted event gets exactly one run,
/// every run completes on the survivors, a step whose result was recorded never runs again, sleeps (timers) fire once
/// and never early, and the dead node's work moves within the lease. And a function with <c>concurrency: 2</c> never
/// runs more than two steps at once across the three nodes.
/// </summary>
public sealed class MultiNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Short so the test is quick, long enough that a live node starved of CPU on a busy CI machine still heartbeats in time.
    private const int LeaseMs = 3_000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "steadfast-e2e", Guid.NewGuid().ToString("N"));
    private readonly string _schema = "mn_" + Guid.NewGuid().ToString("N")[..16];

    private static string ConnectionString =>
        Environment.GetEnvironmentVariable("STEADFAST_TEST_POSTGRES") is { Length: > 0 } value ? value : "Host=localhost;Username=postgres;Password=postgres";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server answers at '{ConnectionString}' ({ex.Message}). Run scripts/setup-postgres.sh, or point STEADFAST_TEST_POSTGRES at a server.", ex);
        }
    }

    /// <summary>Starts three DurabilityHost nodes on the test's schema; each is added as soon as it runs, so the caller's finally disposes it.</summary>
    private async Task StartNodesAsync(List<ServerProcess> nodes, List<string> logs, string logPrefix)
    {
        var dll = ServerProcess.ProjectDll("tests/Steadfast.DurabilityHost", "Steadfast.DurabilityHost");
        for (var n = 0; n < 3; n++)
        {
            var port = ServerProcess.FreePort();
            var log = Path.Combine(_dir, $"{logPrefix}{n}.log");
            logs.Add(log);
            nodes.Add(await ServerProcess.StartAsync(dll,
            [
                "--port", port.ToString(CultureInfo.InvariantCulture), "--log", log,
                "--postgres-uri", ConnectionString, "--postgres-schema", _schema, "--lease-ms", LeaseMs.ToString(CultureInfo.InvariantCulture),
            ], port));
        }
    }

    [PostgresFact]
    public async Task ThreeNodes_OneKilledMidRun_EveryRunCompletesOnceAndWorkMovesWithinTheLease()
    {
        var nodes = new List<ServerProcess>();
        var logs = new List<string>();
        try
        {
            await StartNodesAsync(nodes, logs, "node");

            var accepted = new List<string>();
            using var cts = new CancellationTokenSource();
            var senders = nodes.Select((node, i) => SendUntilCancelledAsync(node.Client, accepted, i, cts.Token)).ToArray();

            // Let every node take work (steps, sleeps), then kill node 0 while it is inside a step (a start logged
            // without its end), so that step's lease must expire before another node runs it again.
            await Task.Delay(TimeSpan.FromMilliseconds(1_500));
            var inFlight = await WaitForStepInFlightAsync(logs[0], TimeSpan.FromSeconds(10));
            var killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            nodes[0].Kill();

            // Load goes on against the survivors for a while, then stops.
            await Task.Delay(TimeSpan.FromMilliseconds(1_500));
            await cts.CancelAsync();
            await Task.WhenAll(senders);
            Assert.True(accepted.Count > 30, $"only {accepted.Count} events were accepted");

            var runs = await WaitForAllRunsAsync(nodes[1].Client, accepted, TimeSpan.FromSeconds(90));
            var executions = logs.SelectMany((path, node) => ReadLog(path, node)).ToList();
            var moves = new List<long>();
            var movedRuns = 0;
            foreach (var (eventId, run) in runs)
            {
                var moved = false;
                foreach (var step in new[] { "one", "two", "three" })
                {
                    var starts = executions.Where(e => e.Run == run.RunId && e.Step == step && e.Kind == "start").OrderBy(e => e.At).ToList();
                    Assert.NotEmpty(starts);

                    // The recorded result came from the last execution: nothing ran the step after it was recorded.
                    Assert.Equal(run.Output.GetProperty(step).GetString(), starts[^1].Token);

                    // A step runs again only when its first execution was on the killed node, and only after the kill.
                    if (starts.Count > 1)
                    {
                        Assert.Equal(2, starts.Count);
                        Assert.Equal(0, starts[0].Node);
                        Assert.NotEqual(0, starts[1].Node);
                        Assert.True(starts[1].At >= killedAt, $"run {run.RunId} step {step} ran twice before the kill");
                        moves.Add(starts[1].At - killedAt);
                        moved = true;
                    }
                }

                if (moved || executions.Any(e => e.Run == run.RunId && e.Node == 0))
                {
                    movedRuns += executions.Any(e => e.Run == run.RunId && e.Node != 0 && e.At >= killedAt) && executions.Any(e => e.Run == run.RunId && e.Node == 0) ? 1 : 0;
                }

                // The 1 s sleep between one and two fired once and never early.
                var oneEnd = executions.Where(e => e.Run == run.RunId && e.Step == "one" && e.Kind == "end").Min(e => e.At);
                var twoStart = executions.Where(e => e.Run == run.RunId && e.Step == "two" && e.Kind == "start").Max(e => e.At);
                Assert.True(twoStart - oneEnd >= 990, $"run {run.RunId} woke {twoStart - oneEnd} ms after step one ended");
            }

            var byNode = executions.Where(e => e.Kind == "start").GroupBy(e => e.Node).OrderBy(g => g.Key).Select(g => $"node{g.Key}={g.Count()}");
            output.WriteLine($"{accepted.Count} events, {runs.Count} runs completed; step starts {string.Join(", ", byNode)}");
            output.WriteLine($"{movedRuns} runs started on the killed node finished on the others; {moves.Count} interrupted steps re-ran, " +
                $"moved after the kill in {(moves.Count > 0 ? moves.Min() : 0)}–{(moves.Count > 0 ? moves.Max() : 0)} ms (lease {LeaseMs} ms)");
            Assert.True(executions.Any(e => e.Node == 0), "the killed node never ran a step: the test did not exercise a move");
            Assert.True(movedRuns > 0, "no run of the killed node was finished by another node");
            Assert.True(moves.Count > 0, $"the step in flight at the kill ({inFlight}) never ran again");

            // Work held by the dead node returns when its lease expires (plus one poll and the call itself).
            Assert.All(moves, m => Assert.True(m <= LeaseMs + 3_000, $"a step moved {m} ms after the kill; lease is {LeaseMs} ms"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    [PostgresFact]
    public async Task ThreeNodes_FunctionWithConcurrencyTwo_NeverRunMoreThanTwoStepsAtOnceAcrossNodes()
    {
        var nodes = new List<ServerProcess>();
        var logs = new List<string>();
        try
        {
            await StartNodesAsync(nodes, logs, "limited");

            // Every node accepts events, so every node has runs of the function to claim.
            var accepted = new List<string>();
            for (var i = 0; i < 45; i++)
            {
                using var response = await nodes[i % 3].Client.PostAsJsonAsync("/e/test", new { name = "test/limited", data = new { i } });
                response.EnsureSuccessStatusCode();
                accepted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids")[0].GetString()!);
            }

            await WaitForAllRunsAsync(nodes[0].Client, accepted, TimeSpan.FromSeconds(90));

            // A step's log lines lie inside its item's lease (start after the claim, end before the settle commits), so
            // the overlap of the logged intervals never exceeds the overlap of the leases. One clock: same machine.
            var executions = logs.SelectMany((path, node) => ReadLog(path, node)).ToList();
            Assert.Equal(accepted.Count * 2, executions.Count(e => e.Kind == "start"));
            var running = 0;
            var max = 0;
            foreach (var e in executions.OrderBy(e => e.At).ThenBy(e => e.Kind == "start" ? 1 : 0))
            {
                running += e.Kind == "start" ? 1 : -1;
                max = Math.Max(max, running);
            }

            var byNode = executions.Where(e => e.Kind == "start").GroupBy(e => e.Node).OrderBy(g => g.Key).Select(g => $"node{g.Key}={g.Count()}").ToList();
            output.WriteLine($"{accepted.Count} runs; most steps running at once across nodes: {max} (limit 2); step starts {string.Join(", ", byNode)}");
            Assert.InRange(max, 1, 2);
            Assert.True(byNode.Count >= 2, $"steps ran on one node only ({string.Join(", ", byNode)}): the limit was not tested across nodes");
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    /// <summary>Waits until the node's log shows a step started and not ended (cross-process: polls the log file).</summary>
    private static async Task<string> WaitForStepInFlightAsync(string log, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var lines = ReadLog(log, 0).ToList();
            var open = lines.Where(e => e.Kind == "start" && e.Step == "two" && !lines.Any(x => x.Kind == "end" && x.Token == e.Token)).ToList();
            if (open.Count > 0)
            {
                return $"{open[0].Run} {open[0].Step}";
            }

            await Task.Delay(5);
        }

        throw new TimeoutException("node 0 never ran a step: it took no work");
    }

    private static async Task SendUntilCancelledAsync(HttpClient client, List<string> accepted, int node, CancellationToken cancellationToken)
    {
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            try
            {
                using var response = await client.PostAsJsonAsync("/e/test", new { name = "test/durable", data = new { node, i } }, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                    lock (accepted)
                    {
                        accepted.Add(body.GetProperty("ids")[0].GetString()!);
                    }
                }

                // A steady load, not a flood.
                await Task.Delay(5, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // The node died mid-request (no 2xx: not accepted, not counted) or the load stopped.
                return;
            }
        }
    }

    private sealed record RunResult(string RunId, JsonElement Output);

    private sealed record Execution(int Node, string Kind, string Run, string Step, string Token, long At);

    private static async Task<Dictionary<string, RunResult>> WaitForAllRunsAsync(HttpClient client, List<string> events, TimeSpan timeout)
    {
        var done = new Dictionary<string, RunResult>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var id in events.Where(e => !done.ContainsKey(e)).ToList())
            {
                var body = await client.GetFromJsonAsync<JsonElement>($"/v1/events/{id}/runs");
                var runs = body.GetProperty("data");
                Assert.True(runs.GetArrayLength() <= 1, $"event {id} started {runs.GetArrayLength()} runs");
                if (runs.GetArrayLength() == 1 && runs[0].GetProperty("status").GetString() is "Completed" or "Failed" or "Cancelled")
                {
                    Assert.Equal("Completed", runs[0].GetProperty("status").GetString());
                    done[id] = new RunResult(runs[0].GetProperty("run_id").GetString()!, runs[0].GetProperty("output").Clone());
                }
            }

            if (done.Count == events.Count)
            {
                return done;
            }

            // Cross-process wait: poll the REST API (bounded by the deadline).
            await Task.Delay(200);
        }

        throw new TimeoutException($"{events.Count - done.Count} of {events.Count} accepted events have no completed run");
    }

    private static IEnumerable<Execution> ReadLog(string path, int node) =>
        File.Exists(path)
            ? File.ReadAllLines(path)
                .Select(l => l.Split(' '))
                .Where(p => p.Length == 5)
                .Select(p => new Execution(node, p[0], p[1], p[2], p[3], long.Parse(p[4], CultureInfo.InvariantCulture)))
            : [];

    /// <summary>
    /// A <c>[Fact]</c> that needs the PostgreSQL server: skipped with <c>STEADFAST_TEST_POSTGRES=skip</c>; otherwise it runs
    /// and fails loudly when no server answers (see <see cref="InitializeAsync"/>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class PostgresFactAttribute : FactAttribute
    {
        public PostgresFactAttribute()
        {
            if (string.Equals(Environment.GetEnvironmentVariable("STEADFAST_TEST_POSTGRES"), "skip", StringComparison.OrdinalIgnoreCase))
            {
                Skip = "STEADFAST_TEST_POSTGRES=skip";
            }
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Best effort: the server was unreachable (the test failed for that already).
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
