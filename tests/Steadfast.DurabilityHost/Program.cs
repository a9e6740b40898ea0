using System.Globalization;
using System.Text.Json;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;

// Usage: Steadfast.DurabilityHost --port N --sqlite-dir DIR --log FILE
//        [--postgres-uri URI --postgres-schema NAME] [--lease-ms N]   (several hosts on one PostgreSQL database)
var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

var port = int.Parse(options["--port"], CultureInfo.InvariantCulture);
var log = new ExecutionLog(options["--log"]);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
builder.Services.AddSteadfast(o => o.AppId = "durable")
    .AddFunction<JsonElement>(new FunctionOptions { Id = "three-steps", Trigger = "test/durable" }, async ctx =>
    {
        var one = await ctx.Step.Run("one", () => log.Step(ctx.RunId, "one", TimeSpan.FromMilliseconds(20)));
        await ctx.Step.Sleep("nap", TimeSpan.FromSeconds(1));
        var two = await ctx.Step.Run("two", () => log.Step(ctx.RunId, "two", TimeSpan.FromMilliseconds(100)));
        var three = await ctx.Step.Run("three", () => log.Step(ctx.RunId, "three", TimeSpan.FromMilliseconds(20)));
        return new Dictionary<string, string> { ["one"] = one, ["two"] = two, ["three"] = three };
    })
    // At most two steps of this function run at once across every node on the database (MultiNodeTests measures it).
    .AddFunction<JsonElement>(new FunctionOptions { Id = "limited", Trigger = "test/limited", Concurrency = { new ConcurrencyLimit { Limit = 2 } } }, async ctx =>
    {
        var one = await ctx.Step.Run("one", () => log.Step(ctx.RunId, "one", TimeSpan.FromMilliseconds(40)));
        var two = await ctx.Step.Run("two", () => log.Step(ctx.RunId, "two", TimeSpan.FromMilliseconds(40)));
        return new Dictionary<string, string> { ["one"] = one, ["two"] = two };
    });
builder.Services.AddSteadfastServer(o =>
{
    o.SqliteDirectory = options.GetValueOrDefault("--sqlite-dir", ".steadfast");
    o.PostgresConnectionString = options.GetValueOrDefault("--postgres-uri");
    o.PostgresSchema = options.GetValueOrDefault("--postgres-schema", "steadfast");
    if (options.TryGetValue("--lease-ms", out var lease))
    {
        o.Engine.LeaseDuration = TimeSpan.FromMilliseconds(int.Parse(lease, CultureInfo.InvariantCulture));
    }
});

var app = builder.Build();
app.MapSteadfastServer();
app.Run();

/// <summary>Appends one line per step execution start and end; the OS keeps the lines when the process is killed.</summary>
internal sealed class ExecutionLog(string path)
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };

    public async Task<string> Step(string runId, string step, TimeSpan work)
    {
        var token = Guid.NewGuid().ToString("N");
        Write($"start {runId} {step} {token} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        await Task.Delay(work);
        Write($"end {runId} {step} {token} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        return token;
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }
}
