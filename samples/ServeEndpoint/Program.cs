using ServeEndpoint;
using Steadfast.Protocol.Events;
using Steadfast.Sdk;
using Steadfast.Sdk.AspNetCore;

// Run next to a dev server:
//   dotnet run --project src/Steadfast.Server -- dev -u http://localhost:3001/api/inngest
//   INNGEST_DEV=1 dotnet run --project samples/ServeEndpoint
//   curl -X POST localhost:3001/signup -H 'content-type: application/json' -d '{"email":"ada@example.com"}'
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:3001");
}

var welcomeDelay = TimeSpan.TryParse(builder.Configuration["WELCOME_DELAY"], System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : TimeSpan.FromSeconds(10);
builder.Services
    .AddSteadfast(o => o.AppId = SampleFunctions.AppId)
    .AddSampleFunctions(welcomeDelay)
    .AddServeEndpoint(); // mode, server URL and keys from INNGEST_DEV, INNGEST_BASE_URL, INNGEST_SIGNING_KEY, ...

var app = builder.Build();
app.MapSteadfast("/api/inngest");
app.MapPost("/signup", async (SignupData signup, IEventSender events, CancellationToken cancellationToken) =>
{
    var ids = await events.SendAsync(
        [new EventPayload { Name = SampleFunctions.SignupEvent, Data = System.Text.Json.JsonSerializer.SerializeToElement(signup) }],
        cancellationToken);
    return Results.Ok(new { ids });
});

app.Run();
