namespace ClerkUserSync.Hosting;

/// <summary>What the application prints at start-up: where it listens, where its data lives, how to try it.</summary>
internal static class Banner
{
    public static void Print(TextWriter output, ClerkUserSyncOptions options, Uri address, bool devSecret, string mail)
    {
        var webhook = new Uri(address, ClerkUserSyncApp.WebhookPath);
        output.WriteLine($"""

            Clerk user sync is running
              Clerk webhook   POST {webhook}
              Engine          {address}  (events: POST {new Uri(address, "/e/dev")}, runs: {new Uri(address, "/v1/runs")}, health: {new Uri(address, "/health")})
              Rejections      {new Uri(address, "/api/webhooks/clerk/rejections")}
              Users           {options.UsersDatabasePath}  (SQLite, table users)
              Mail            {mail}
              Engine data     {options.EngineDirectory}
              Trial offer     {Steadfast.Protocol.Time.Durations.Format(options.TrialOfferDelay)} after sign-up
            """);
        if (devSecret)
        {
            output.WriteLine($"""

              !!! CLERK_WEBHOOK_SIGNING_SECRET is not set: using a DEVELOPMENT secret generated for this data directory
              !!! ({Path.Combine(options.DataDirectory, DevSecret.FileName)}):
              !!!   {options.SigningSecret}
              !!! Set CLERK_WEBHOOK_SIGNING_SECRET to your endpoint's secret from the Clerk dashboard for real deliveries.
            """);
        }

        output.WriteLine($"""

            Send a test webhook (signed as Clerk would):
              dotnet run --project src/Steadfast.Server -- webhook send --secret '{(devSecret ? options.SigningSecret : "$CLERK_WEBHOOK_SIGNING_SECRET")}' --url {webhook} <clerk-event.json>
            Example payloads: tests/Steadfast.ClerkUserSync.Tests/Fixtures/clerk/
            Press Ctrl+C to stop.
            """);
    }
}
