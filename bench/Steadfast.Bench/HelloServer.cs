using System.Buffers;
using System.Net;
using System.Text;

namespace Steadfast.Bench;

/// <summary>
/// The reference server: Kestrel with the same settings as <c>steadfast dev</c>, POST /e/{key} reads the whole body
/// and answers a fixed Inngest-shaped JSON. What the event API would cost if storing events were free.
/// </summary>
internal static class HelloServer
{
    private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""{"ids":["01KHELLOWORLD0000000000000"],"status":200}""");

    public static async Task<int> RunAsync(BenchArgs cli)
    {
        var port = cli.Int("--port", 8299);
        cli.EnsureAllUsed();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapPost("/e/{key}", async (HttpContext http) =>
        {
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                while (await http.Request.Body.ReadAsync(buffer, http.RequestAborted) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            http.Response.ContentType = "application/json";
            http.Response.ContentLength = Answer.Length;
            await http.Response.Body.WriteAsync(Answer, http.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }
}
