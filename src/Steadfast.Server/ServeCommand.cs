using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Steadfast.Server.AspNetCore;

namespace Steadfast.Server;

internal static class ServeCommand
{
    /// <summary>
    /// The directory the user ran the command from. <c>dotnet run</c> starts a web project in its project folder, so
    /// relative paths resolve against the shell's <c>PWD</c> when it names a real directory.
    /// </summary>
    public static string CallerDirectory() =>
        Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Path.IsPathFullyQualified(pwd) && Directory.Exists(pwd) ? pwd : Environment.CurrentDirectory;

    public static async Task<int> RunAsync(CommandLine cl)
    {
        if (cl.Has("--help"))
        {
            Console.WriteLine(HelpText.Main);
            return 0;
        }

        cl.EnsureOnly("--port", "--host", "--sqlite-dir", "--retry-interval", "--sdk-url", "--no-discovery", "--no-poll", "--signing-key", "--signing-key-fallback", "--poll-interval", "--event-key", "--postgres-uri", "--retention", "--log-level", "--webhook", "--webhooks");
        var mode = cl.Verb == "start" ? ServerMode.Start : ServerMode.Dev;
        var port = cl.GetInt("--port", "STEADFAST_PORT", 8288);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"--port must be between 1 and 65535, got {port}");
        }

        var host = cl.Get("--host", "STEADFAST_HOST") ?? (mode == ServerMode.Dev ? "127.0.0.1" : "0.0.0.0");
        var sqliteDir = Path.GetFullPath(cl.Get("--sqlite-dir", "STEADFAST_SQLITE_DIR") ?? ".steadfast", CallerDirectory());
        var postgres = cl.Get("--postgres-uri", "STEADFAST_POSTGRES_URI");
        if (postgres is { Length: 0 })
        {
            throw new ArgumentException("--postgres-uri is empty: give a postgres://user:password@host:port/database URI or an Npgsql connection string");
        }

        var webhookSources = WebhookSourceArguments.Read(cl);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(Enum.TryParse<LogLevel>(cl.Get("--log-level", "STEADFAST_LOG_LEVEL"), true, out var level) ? level : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(host == "localhost" ? System.Net.IPAddress.Loopback : System.Net.IPAddress.Parse(host), port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Services.Configure<KestrelServerOptions>(_ => { });
        try
        {
            builder.Services.AddSteadfastServer(o =>
            {
                o.Mode = mode;
                foreach (var source in webhookSources)
                {
                    o.WebhookSources.Add(source);
                }

                o.SqliteDirectory = sqliteDir;
                o.PostgresConnectionString = postgres;
                o.SigningKey = cl.Get("--signing-key", "STEADFAST_SIGNING_KEY");
                o.SigningKeyFallback = cl.Get("--signing-key-fallback", "STEADFAST_SIGNING_KEY_FALLBACK");
                o.Discovery = !cl.Has("--no-discovery");
                foreach (var url in cl.GetAll("--sdk-url"))
                {
                    o.SdkUrls.Add(url);
                }

                if (cl.Get("--poll-interval") is { } poll)
                {
                    if (!double.TryParse(poll, NumberStyles.Float, CultureInfo.InvariantCulture, out var pollSeconds) || pollSeconds < 0.1)
                    {
                        throw new ArgumentException($"--poll-interval must be a number of seconds (at least 0.1), got '{poll}'");
                    }

                    o.PollInterval = TimeSpan.FromSeconds(pollSeconds);
                }
                foreach (var key in cl.GetAll("--event-key"))
                {
                    o.EventKeys.Add(key);
                }

                if (cl.GetAll("--event-key").Count == 0 && Environment.GetEnvironmentVariable("STEADFAST_EVENT_KEY") is { Length: > 0 } envKey)
                {
                    o.EventKeys.Add(envKey);
                }

                if (cl.Get("--retention", "STEADFAST_RETENTION") is { } retention)
                {
                    if (!Steadfast.Engine.Retention.RetentionOptions.TryParseDuration(retention, out var keep))
                    {
                        throw new ArgumentException($"--retention must be a duration like 7d, 12h or 30m, got '{retention}'");
                    }

                    o.Retention.Retention = keep;
                }

                if (cl.Get("--retry-interval") is { } retry)
                {
                    if (!double.TryParse(retry, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                    {
                        throw new ArgumentException($"--retry-interval must be a number of seconds, got '{retry}'");
                    }

                    o.Engine.RetryInterval = TimeSpan.FromSeconds(seconds);
                }
            });
        }
        catch (InvalidOperationException exception)
        {
            // Options validation (keys, webhook sources) is a configuration error: shown as one, not as a crash.
            throw new ArgumentException(exception.Message, exception);
        }

        var app = builder.Build();
        app.MapSteadfastServer();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = $"http://{(host is "0.0.0.0" or "127.0.0.1" ? "localhost" : host)}:{port}";
            var webhooks = string.Concat(webhookSources.Select(w => $"\n  Webhook     POST {url}/webhooks/{w.Name} ({WebhookSourceArguments.Describe(w)})"));
            Console.WriteLine($"""

                Steadfast {(mode == ServerMode.Dev ? "dev server" : "server")} is running
                  Dashboard   {url}/
                  Event API   POST {url}/e/<event-key>
                  Sync        POST {url}/fn/register (SDKs), PUT your app's serve URL to sync it
                  REST API    {url}/v1/events, {url}/v1/runs
                  Health      {url}/health{webhooks}
                  Database    {(postgres is null ? Path.Combine(sqliteDir, "steadfast.db") : "PostgreSQL " + Steadfast.Storage.Postgres.PostgresStore.Describe(postgres))}

                """);
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
