using System.Net;
using ClerkUserSync.Data;
using ClerkUserSync.Functions;
using ClerkUserSync.Mail;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Clerk.Models;
using Steadfast.Sdk;
using Steadfast.Sdk.AspNetCore;
using Steadfast.Server.AspNetCore;

namespace ClerkUserSync.Hosting;

/// <summary>
/// The composition root, callable from tests: one process, one port, serving the Clerk webhook endpoint
/// (<c>POST /api/webhooks/clerk</c>) and either the embedded engine (its API <c>/e/{key}</c>, <c>/v1/...</c>,
/// <c>/health</c> and dashboard, running the functions in-process) or, with <see cref="ClerkUserSyncOptions.ServerUrl"/>,
/// the functions' serve endpoint (<c>/api/inngest</c>) for an external <c>steadfast dev</c>.
/// </summary>
public static class ClerkUserSyncApp
{
    public const string AppId = "user-sync";
    public const string WebhookPath = "/api/webhooks/clerk";
    public const string ServePath = "/api/inngest";

    /// <summary>Builds the application. Relative paths in <paramref name="options"/> are resolved against the current directory.</summary>
    public static WebApplication Build(ClerkUserSyncOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        options.SigningSecret ??= DevSecret.LoadOrCreate(options.DataDirectory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port);
            k.AddServerHeader = false;
        });

        // Created by the container, so it is disposed with the app; the tables are made before anything runs.
        builder.Services.AddSingleton(_ => UsersDatabase.Create(options.UsersDatabaseUrl, options.UsersDatabasePath));
        builder.Services.AddHostedService<UsersDatabaseSetup>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton(new MailComposer(options.MailFrom));
        builder.Services.AddSingleton<IMailTransport>(options.Smtp.Host is null ? new EmlDirectoryTransport(options.MailDirectory) : new SmtpTransport(options.Smtp));
        builder.Services.AddSingleton<OnboardingMailer>();

        var functions = builder.Services.AddSteadfast(o => o.AppId = AppId)
            .AddFunction<SyncUserCreated, ClerkUser>()
            .AddFunction<SyncUserUpdated, ClerkUser>()
            .AddFunction<SyncUserDeleted, ClerkDeletedObject>()
            .AddFunction<SendWelcomeEmail, ClerkUser>()
            .AddFunction<OnboardingDrip, ClerkUser>();
        if (options.ServerUrl is { } server)
        {
            // The webhook forwards through the HTTP event sender registered here: its 2xx needs the server's 200, so
            // "accepted" still means committed by the server. Three quick attempts (0.1 s, 0.2 s apart), then a 500 and
            // Svix retries the delivery later with the same svix-id.
            functions.AddServeEndpoint(o =>
            {
                // A signing key means a `steadfast start` (or Inngest) server: signed calls, responses and sync.
                o.Dev = options.SigningKey is null;
                o.SigningKey = options.SigningKey;
                o.EventKey = options.EventKey;
                o.BaseUrl = o.ApiBaseUrl = o.EventApiBaseUrl = server;
                o.EventSendAttempts = 3;
            });
            builder.Services.AddHttpClient(nameof(ServerRegistration));
            builder.Services.AddHostedService<ServerRegistration>();
        }
        else
        {
            builder.Services.AddSteadfastServer(o =>
            {
                o.SqliteDirectory = options.EngineDirectory;
                o.Engine.RetryInterval = options.RetryInterval;
            });
        }

        builder.Services.AddClerkWebhooks(o => o.SigningSecret = options.SigningSecret);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapClerkWebhook(WebhookPath);
        app.MapGet("/api/webhooks/clerk/rejections", (WebhookDeliveryLog log) => log.RecentRejections());
        if (options.ServerUrl is null)
        {
            app.MapSteadfastServer();
        }
        else
        {
            app.MapSteadfast(ServePath);
        }

        return app;
    }

    /// <summary>Gets the address Kestrel listens on (after start), e.g. <c>http://127.0.0.1:3000</c>.</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return BaseAddress(app.Services.GetRequiredService<IServer>());
    }

    /// <summary>Gets the address <paramref name="server"/> listens on, with a wildcard host replaced by loopback (to call it from here).</summary>
    public static Uri BaseAddress(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        ClerkUserSync — Clerk webhooks into durable functions: users kept in sync, one welcome mail, a trial offer later

        Usage: dotnet run --project samples/ClerkUserSync [-- options]

        Every option also reads an environment variable (in brackets).
          --port PORT              port to listen on, 0 = any free one (PORT; default 3000)
          --host ADDRESS           address to bind (HOST; default 127.0.0.1)
          --data-dir DIR           users.db, mail/ and the embedded engine (CLERK_SYNC_DATA_DIR; default ./data)
          --secret whsec_...       the Clerk webhook signing secret (CLERK_WEBHOOK_SIGNING_SECRET; default: a dev secret
                                   generated once in the data directory and printed)
          --trial-delay DURATION   sleep before the trial offer, e.g. 30s (ONBOARDING_TRIAL_DELAY; default 3 days)
          --users-db URL           postgres://user:pass@host/db or an Npgsql connection string for PostgreSQL, else a
                                   SQLite file (USERS_DATABASE_URL; default DATA/users.db)
          --smtp-host HOST         send mail through SMTP (SMTP_HOST; default: .eml files in DATA/mail); also
                                   --smtp-port, --smtp-username, --smtp-password, --smtp-security auto|none|starttls|ssl
          --mail-from ADDRESS      sender of onboarding mail (MAIL_FROM)
          --server-url URL         serve the functions to an external steadfast server instead of the embedded engine
                                   (STEADFAST_SERVER_URL)
          --signing-key KEY        that server's signing key, for `steadfast start` (INNGEST_SIGNING_KEY)
          --event-key KEY          its event key, required with --signing-key (INNGEST_EVENT_KEY)
          -h, --help               show this help

        Webhook: POST /api/webhooks/clerk. Test it with
          dotnet run --project src/Steadfast.Server -- webhook send --secret whsec_... --url http://localhost:3000/api/webhooks/clerk user.created.json

        """;

    /// <summary>The entry point of <c>dotnet run --project samples/ClerkUserSync</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--help"] or ["-h"])
        {
            await Console.Out.WriteAsync(Usage);
            return 0;
        }

        ClerkUserSyncOptions options;
        WebApplication app;
        try
        {
            options = ClerkUserSyncOptions.FromEnvironment(args);
            var devSecret = options.SigningSecret is null;
            app = Build(options);
            await app.StartAsync();
            Banner.Print(Console.Out, options, BaseAddress(app), devSecret, app.Services.GetRequiredService<IMailTransport>().Description, app.Services.GetRequiredService<UsersDatabase>().Description);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException or IOException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }
}
