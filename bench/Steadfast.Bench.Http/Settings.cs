namespace Steadfast.Bench.Http;

/// <summary>Options shared by the <c>csharp</c>, <c>js</c> and <c>all</c> verbs.</summary>
internal sealed record Settings(
    int Events,
    int Steps,
    int Batch,
    int Warmup,
    int Repeat,
    TimeSpan Timeout,
    string ServerPath,
    string Node,
    string RepoRoot,
    int StepDelayMs,
    bool Perf)
{
    public static Settings From(BenchArgs cli)
    {
        var root = RepoRootOf(AppContext.BaseDirectory);
        var settings = new Settings(
            cli.Int("--events", 2000),
            cli.Int("--steps", 5),
            cli.Int("--batch", 100),
            cli.Int("--warmup", 1000),
            cli.Int("--repeat", 3),
            TimeSpan.FromSeconds(cli.Int("--timeout", 300)),
            cli.Str("--server", Path.Combine(root, "src/Steadfast.Server/bin/Release/net10.0/steadfast")),
            cli.Str("--node", "node"),
            root,
            cli.Int("--step-delay-ms", 0),
            cli.Str("--perf", "on") != "off");
        cli.EnsureAllUsed();
        if (!File.Exists(settings.ServerPath))
        {
            throw new ArgumentException($"{settings.ServerPath} does not exist: run `dotnet build -c Release src/Steadfast.Server` first, or pass --server");
        }

        if (settings.Events < 1 || settings.Steps < 0 || settings.Batch < 1 || settings.Warmup < 0 || settings.Repeat < 1)
        {
            throw new ArgumentException("--events, --batch and --repeat must be positive; --steps and --warmup at least 0");
        }

        return settings;
    }

    private static string RepoRootOf(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Steadfast.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
