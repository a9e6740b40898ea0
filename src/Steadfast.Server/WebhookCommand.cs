using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Steadfast.Clerk.Svix;

namespace Steadfast.Server;

/// <summary>
/// <c>steadfast webhook send --secret whsec_... --url URL file.json</c>: signs a payload as Clerk (Svix) would —
/// <c>svix-id</c>, <c>svix-timestamp</c> (now), <c>svix-signature</c> over the file's exact bytes — posts it and prints
/// the response. Exit code 0 for a 2xx answer, 1 for any other answer, 2 for bad usage.
/// </summary>
internal static class WebhookCommand
{
    private const string Usage = """
        usage: steadfast webhook send --secret whsec_... --url URL [--id msg_...] [--timestamp UNIX_SECONDS] FILE.json|-
          --secret   the endpoint's signing secret (default: CLERK_WEBHOOK_SIGNING_SECRET)
          --url      where to post (default http://localhost:3000/api/webhooks/clerk, the Clerk sample)
          --id       the svix-id; send twice with the same id to see the duplicate deduplicated (default: a new one)
          --timestamp  the signed svix-timestamp (default: now)
        """;

    public static async Task<int> RunAsync(CommandLine cl)
    {
        cl.EnsureOnly("--secret", "--url", "--id", "--timestamp", "--help");
        if (cl.Has("--help") || cl.Positional.Count != 2 || cl.Positional[0] != "send")
        {
            Console.Error.WriteLine(Usage);
            return cl.Has("--help") ? 0 : 2;
        }

        var secretText = cl.Get("--secret", "CLERK_WEBHOOK_SIGNING_SECRET")
            ?? throw new ArgumentException("--secret is required (or set CLERK_WEBHOOK_SIGNING_SECRET)");
        if (!WebhookSecret.TryParse(secretText, out var secret, out var secretError))
        {
            throw new ArgumentException($"--secret: {secretError}");
        }

        var url = cl.Get("--url") ?? "http://localhost:3000/api/webhooks/clerk";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--url must be an absolute http(s) URL, got '{url}'");
        }

        var file = cl.Positional[1];
        byte[] body;
        if (file == "-")
        {
            using var stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            await stdin.CopyToAsync(buffer);
            body = buffer.ToArray();
        }
        else
        {
            var path = Path.GetFullPath(file, ServeCommand.CallerDirectory());
            body = File.Exists(path) ? await File.ReadAllBytesAsync(path) : throw new ArgumentException($"no such file: {path}");
        }

        var id = cl.Get("--id") ?? "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var timestamp = cl.Get("--timestamp") is { } t
            ? long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var ts) ? ts : throw new ArgumentException($"--timestamp must be whole seconds, got '{t}'")
            : TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        string signature;
        try
        {
            signature = secret.Sign(id, timestamp, body);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--id: {e.Message}");
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("svix-id", id);
        request.Headers.Add("svix-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("svix-signature", signature);
        request.Headers.UserAgent.ParseAdd("Svix-Webhooks/1.0 (steadfast webhook send)");
        Console.WriteLine($"POST {uri} ({body.Length} bytes)");
        Console.WriteLine($"  svix-id: {id}");
        Console.WriteLine($"  svix-timestamp: {timestamp}");
        Console.WriteLine($"  svix-signature: {signature}");
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"error: could not reach {uri}: {e.Message}");
            return 1;
        }

        using (response)
        {
            Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}");
            var text = await response.Content.ReadAsStringAsync();
            if (text.Length > 0)
            {
                Console.WriteLine(text);
            }

            return response.IsSuccessStatusCode ? 0 : 1;
        }
    }
}
