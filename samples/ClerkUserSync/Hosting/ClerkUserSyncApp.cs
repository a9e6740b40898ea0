using System.Net;
using ClerkUserSync.Data;
using ClerkUserSync.Functions;
using ClerkUserSync.Mail;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Steadfast.Clerk.AspNetCore;
using Steadfast.Clerk.Models;
using Steadfast.Sdk;
using Steadfast.Server.AspNetCore;

namespace ClerkUserSync.Hosting;

/// <summary>
/// The composition root, callable from tests: one process, one port, serving the Clerk webhook endpoint
/// (<c>POST /api/webhooks/clerk</c>), the embedded engine's API (<c>/e/{key}</c>, <c>/v1/...</c>, <c>/health</c>) and
/// running the functions in-process.
/// </summary>
public static class ClerkUserSyncApp
{
    public const string AppId = "user-sync";
    public const string WebhookPath = "/api/webhooks/clerk";

    /// <summary>Builds the application. Relative paths in <paramref name="options"/> are resolved against the current directory.</summary>
    public static WebApplication Build(ClerkUserSyncOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ServerUrl is not null)
        {
            // Registering with an external `steadfast dev` needs the C# serve endpoint (MapSteadfast), not in this build yet.
            throw new ArgumentException($"STEADFAST_SERVER_URL={options.ServerUrl}: serving functions to an external steadfast dev server is not available yet; unset it to run the embedded engine.");
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        options.SigningSecret ??= DevSecret.LoadOrCreate(options.DataDirectory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port);
            k.AddServerHeader = false;
        });

        var database = new UsersDatabase(options.UsersDatabasePath);
        database.EnsureCreated();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton(new MailComposer(options.MailFrom));
        builder.Services.AddSingleton<IMailTransport>(options.Smtp.Host is null ? new EmlDirectoryTransport(options.MailDirectory) : new SmtpTransport(options.Smtp));
        builder.Services.AddSingleton<OnboardingMailer>();

        builder.Services.AddSteadfast(o => o.AppId = AppId)
            .AddFunction<SyncUserCreated, ClerkUser>()
            .AddFunction<SyncUserUpdated, ClerkUser>()
            .AddFunction<SyncUserDeleted, ClerkDeletedObject>()
            .AddFunction<SendWelcomeEmail, ClerkUser>()
            .AddFunction<OnboardingDrip, ClerkUser>();
        builder.Services.AddSteadfastServer(o =>
        {
            o.SqliteDirectory = options.EngineDirectory;
            o.Engine.RetryInterval = options.RetryInterval;
        });
        builder.Services.AddClerkWebhooks(o => o.SigningSecret = options.SigningSecret);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapClerkWebhook(WebhookPath);
        app.MapGet("/api/webhooks/clerk/rejections", (WebhookDeliveryLog log) => log.RecentRejections());
        app.MapSteadfastServer();
        return app;
    }

    /// <summary>Gets the address Kestrel listens on (after start), e.g. <c>http://127.0.0.1:3000</c>.</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal));
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
            Banner.Print(Console.Out, options, BaseAddress(app), devSecret, app.Services.GetRequiredService<IMailTransport>().Description);
        }
        catch (Exception e) when (e is ArgumentException or Microsoft.Extensions.Options.OptionsValidationException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }
}
