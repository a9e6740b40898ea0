using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Steadfast.EndToEnd.Tests;

/// <summary>
/// Two real <c>steadfast dev</c> processes on one PostgreSQL database: an app synced through one node runs on the
/// other too — its functions are listed there and an event sent there starts a run — without restarting anything.
/// </summary>
public sealed class SharedAppSyncTests : IAsyncLifetime
{
    private readonly string _database = "sf_apps_" + Guid.NewGuid().ToString("N")[..16];

    private static string ConnectionString =>
        Environment.GetEnvironmentVariable("STEADFAST_TEST_POSTGRES") is { Length: > 0 } value ? value : "Host=localhost;Username=postgres;Password=postgres";

    public async Task InitializeAsync()
    {
        if (string.Equals(ConnectionString, "skip", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await ExecAsync($"CREATE DATABASE {_database}");
    }

    public async Task DisposeAsync()
    {
        if (!string.Equals(ConnectionString, "skip", StringComparison.OrdinalIgnoreCase))
        {
            await ExecAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
    }

    [MultiNodeTests.PostgresFact]
    public async Task AppSyncedThroughOneNode_RunsOnTheOther()
    {
        var dll = ServerProcess.ProjectDll("src/Steadfast.Server", "steadfast");
        var uri = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = _database }.ConnectionString;
        var nodes = new List<ServerProcess>();
        try
        {
            for (var n = 0; n < 2; n++)
            {
                var port = ServerProcess.FreePort();
                nodes.Add(await ServerProcess.StartAsync(dll, ["dev", "--port", port.ToString(CultureInfo.InvariantCulture), "--no-discovery", "--postgres-uri", uri], port));
            }

            // Both nodes run before the sync: the second one loaded no apps at start-up.
            var appUrl = $"http://127.0.0.1:{ServerProcess.FreePort()}/api/inngest";
            using var register = await nodes[0].Client.PostAsJsonAsync("/fn/register", new
            {
                url = appUrl,
                deployType = "ping",
                framework = "test",
                appName = "shop",
                sdk = "js:v4.24.0",
                v = "0.1",
                functions = new[]
                {
                    new
                    {
                        id = "shop-ship",
                        name = "ship",
                        triggers = new[] { new { @event = "shop/order.paid" } },
                        steps = new { step = new { id = "step", name = "step", runtime = new { type = "http", url = $"{appUrl}?fnId=shop-ship&stepId=step" } } },
                    },
                },
            });
            Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());

            var listed = false;
            for (var deadline = DateTime.UtcNow.AddSeconds(15); !listed && DateTime.UtcNow < deadline; await Task.Delay(200))
            {
                listed = (await nodes[1].Client.GetStringAsync("/v1/functions")).Contains("\"shop-ship\"", StringComparison.Ordinal);
            }

            Assert.True(listed, "the function synced through node 0 was not listed by node 1");

            using var sent = await nodes[1].Client.PostAsJsonAsync("/e/test", new { name = "shop/order.paid", data = new { order = 1 } });
            var eventId = JsonElement.Parse(await sent.Content.ReadAsStringAsync()).GetProperty("ids")[0].GetString();
            var runs = JsonElement.Parse(await nodes[1].Client.GetStringAsync($"/v1/events/{eventId}/runs")).GetProperty("data");
            Assert.Equal("shop-ship", Assert.Single(runs.EnumerateArray()).GetProperty("function_id").GetString());
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    private static async Task ExecAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
