namespace ClerkUserSync.Hosting;

/// <summary>What the application prints at start-up: where it listens, where its data lives, how to try it.</summary>
public static class Banner
{
    public static void Print(TextWriter output, ClerkUserSyncOptions options, Uri address, bool devSecret, string mail, string users)
    {
        var webhook = new Uri(address, ClerkUserSyncApp.WebhookPath);
        var trial = Steadfast.Protocol.Time.Durations.Format(options.TrialOfferDelay);
        if (options.ServerUrl is { } server)
        {
            output.WriteLine($"""

                Clerk user sync is running, its functions served to the Steadfast server at {server}
                  Clerk webhook   POST {webhook}  (forwarded to POST {new Uri(server, "/e/dev")})
                  Functions       {new Uri(address, ClerkUserSyncApp.ServePath)}  (synced; the server calls this URL)
                  Dashboard       {server}  (runs: {new Uri(server, "/v1/runs")})
                  Rejections      {new Uri(address, "/api/webhooks/clerk/rejections")}
                  Users           {users}
                  Mail            {mail}
                  Trial offer     {trial} after sign-up
                """);
        }
        else
        {
            output.WriteLine($"""

                Clerk user sync is running
                  Clerk webhook   POST {webhook}
                  Engine          {address}  (events: POST {new Uri(address, "/e/dev")}, runs: {new Uri(address, "/v1/runs")}, health: {new Uri(address, "/health")})
                  Dashboard       {address}
                  Rejections      {new Uri(address, "/api/webhooks/clerk/rejections")}
                  Users           {users}
                  Mail            {mail}
                  Engine data     {options.EngineDirectory}
                  Trial offer     {trial} after sign-up
                """);
        }

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
