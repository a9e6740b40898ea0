using System.Net.Http.Json;
using System.Text.Json;

namespace Steadfast.EndToEnd.Tests;

/// <summary>
/// Crash a real server process with SIGKILL in the middle of work, several times, and restart it on the same
/// SQLite file: no accepted event is lost, every run completes, sleeping runs still wake (never early), a step that
/// was running when the process died is run again, and a step whose result was recorded is never run again.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "steadfast-e2e", Guid.NewGuid().ToString("N"));

    public DurabilityTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public async Task SigkillDuringWork_RestartedThreeTimes_NothingLostNothingRepeated()
    {
        var dll = ServerProcess.ProjectDll("tests/Steadfast.DurabilityHost", "Steadfast.DurabilityHost");
        var log = Path.Combine(_dir, "executions.log");
        var port = ServerProcess.FreePort();
        string[] args = ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--sqlite-dir", Path.Combine(_dir, "db"), "--log", log];
        var accepted = new List<string>();
        var random = new Random(42);
        const int kills = 3;

        for (var round = 0; round < kills; round++)
        {
            using var server = await ServerProcess.StartAsync(dll, args, port);
            using var cts = new CancellationTokenSource();
            var sender = SendUntilCancelledAsync(server.Client, accepted, round, cts.Token);

            // Kill at a different point each round: during ingest, steps and sleeps.
            await Task.Delay(TimeSpan.FromMilliseconds(400 + random.Next(0, 900)));
            server.Kill();
            await cts.CancelAsync();
            await sender;
        }

        Assert.True(accepted.Count > 20, $"only {accepted.Count} events were accepted before the kills");

        using (var final = await ServerProcess.StartAsync(dll, args, port))
        {
            var outputs = await WaitForAllRunsAsync(final.Client, accepted, TimeSpan.FromSeconds(90));
            var executions = ReadLog(log);

            foreach (var (eventId, run) in outputs)
            {
                foreach (var step in new[] { "one", "two", "three" })
                {
                    var memoized = run.Output.GetProperty(step).GetString()!;
                    var starts = executions.Where(e => e.Run == run.RunId && e.Step == step && e.Kind == "start").ToList();
                    Assert.NotEmpty(starts);

                    // The recorded result came from the last execution: nothing ran the step again after that.
                    Assert.Equal(memoized, starts[^1].Token);

                    // Each extra execution needs a crash to explain it.
                    Assert.True(starts.Count <= 1 + kills, $"run {run.RunId} step {step} ran {starts.Count} times for event {eventId}");
                }

                // The 1 s sleep between one and two never ended early.
                var oneEnd = executions.Where(e => e.Run == run.RunId && e.Step == "one" && e.Kind == "end").Min(e => e.At);
                var twoStart = executions.Where(e => e.Run == run.RunId && e.Step == "two" && e.Kind == "start").Max(e => e.At);
                Assert.True(twoStart - oneEnd >= 990, $"run {run.RunId} woke {twoStart - oneEnd} ms after step one ended");
            }
        }
    }

    private static async Task SendUntilCancelledAsync(HttpClient client, List<string> accepted, int round, CancellationToken cancellationToken)
    {
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            try
            {
                using var response = await client.PostAsJsonAsync("/e/test", new { name = "test/durable", data = new { round, i } }, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                    lock (accepted)
                    {
                        accepted.Add(body.GetProperty("ids")[0].GetString()!);
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // The server died mid-request: this event was not accepted (no 2xx), so it is not counted.
                return;
            }
        }
    }

    private sealed record RunResult(string RunId, string Status, JsonElement Output);

    private sealed record Execution(string Kind, string Run, string Step, string Token, long At);

    private static async Task<Dictionary<string, RunResult>> WaitForAllRunsAsync(HttpClient client, List<string> events, TimeSpan timeout)
    {
        var done = new Dictionary<string, RunResult>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var id in events.Where(e => !done.ContainsKey(e)))
            {
                var body = await client.GetFromJsonAsync<JsonElement>($"/v1/events/{id}/runs");
                var runs = body.GetProperty("data");
                Assert.True(runs.GetArrayLength() <= 1, $"event {id} started {runs.GetArrayLength()} runs");
                if (runs.GetArrayLength() == 1 && runs[0].GetProperty("status").GetString() is "Completed" or "Failed" or "Cancelled")
                {
                    var run = runs[0];
                    Assert.Equal("Completed", run.GetProperty("status").GetString());
                    done[id] = new RunResult(run.GetProperty("run_id").GetString()!, "Completed", run.GetProperty("output").Clone());
                }
            }

            if (done.Count == events.Count)
            {
                return done;
            }

            // Cross-process wait: poll the REST API (bounded by the deadline).
            await Task.Delay(200);
        }

        var missing = events.Where(e => !done.ContainsKey(e)).Take(5).ToList();
        var detail = new List<string>();
        foreach (var id in missing)
        {
            detail.Add(id + ": " + await client.GetStringAsync($"/v1/events/{id}/runs"));
        }

        throw new TimeoutException($"{events.Count - done.Count} of {events.Count} accepted events have no completed run: {string.Join("; ", detail)}");
    }

    private static List<Execution> ReadLog(string path) =>
        [.. File.ReadAllLines(path)
            .Select(l => l.Split(' '))
            .Where(p => p.Length == 5)
            .Select(p => new Execution(p[0], p[1], p[2], p[3], long.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture)))];

    public void Dispose()
    {
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
