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

    /// <summary>The entry point of <c>dotnet run --project samples/ClerkUserSync</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
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
