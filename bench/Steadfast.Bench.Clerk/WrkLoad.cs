using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Steadfast.Bench.Clerk;

/// <summary>
/// <c>wrk</c> (Debian package) with a Lua script per request kind: deliveries cycle through the pre-signed svix
/// headers (each wrk thread takes its own stride), plain events get a unique id per request.
/// </summary>
internal static partial class WrkLoad
{
    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "steadfast-bench-clerk-wrk", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public static bool IsInstalled => File.Exists("/usr/bin/wrk") || File.Exists("/usr/local/bin/wrk");

    /// <summary>Writes the workload where the Lua scripts read it.</summary>
    public static async Task PrepareAsync(Workload workload)
    {
        Directory.CreateDirectory(Dir);
        await File.WriteAllBytesAsync(Path.Combine(Dir, "envelope.json"), workload.Envelope);
        await File.WriteAllLinesAsync(Path.Combine(Dir, "signatures.txt"), workload.Deliveries.Select(d => $"{d.Id} {d.Ts} {d.Signature}"));
        await File.WriteAllTextAsync(Path.Combine(Dir, "prefix.txt"), workload.EventPrefix);
        await File.WriteAllTextAsync(Path.Combine(Dir, "suffix.txt"), workload.EventSuffix);
    }

    public static async Task<LoadResult> RunAsync(Uri baseAddress, BenchKind kind, int threads, int connections, TimeSpan duration)
    {
        var dir = Dir;
        var script = Path.Combine(dir, kind.Webhook ? $"webhooks{kind.Path.Replace('/', '_')}.lua" : "events.lua");
        await File.WriteAllTextAsync(script, kind.Webhook ? WebhookScript(dir, threads, kind.Path) : EventScript(dir), Encoding.UTF8);
        var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { $"-t{threads}", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s", "-s", script, baseAddress.ToString() })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        var m = RequestsRegex().Match(output);
        if (!m.Success)
        {
            throw new InvalidOperationException($"wrk printed no request count:\n{output}{await p.StandardError.ReadToEndAsync()}");
        }

        var requests = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var seconds = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var non2xx = NonOkRegex().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new LoadResult(seconds, requests - non2xx, non2xx, Percent(output, "50"), Percent(output, "99"));
    }

    private static string WebhookScript(string dir, int threads, string path) => $$"""
        local n, counter = 0, 0
        local ids, tss, sigs = {}, {}, {}
        local body
        local next_tid = 0
        function setup(thread)
          thread:set("tid", next_tid)
          next_tid = next_tid + 1
        end
        function init(args)
          for line in io.lines("{{dir}}/signatures.txt") do
            local a, b, c = line:match("(%S+) (%S+) (%S+)")
            n = n + 1
            ids[n], tss[n], sigs[n] = a, b, c
          end
          local f = io.open("{{dir}}/envelope.json", "rb")
          body = f:read("*a")
          f:close()
        end
        function request()
          counter = counter + 1
          local i = ((counter * {{threads}} + tid) % n) + 1
          return wrk.format("POST", "{{path}}", { ["Content-Type"] = "application/json", ["svix-id"] = ids[i], ["svix-timestamp"] = tss[i], ["svix-signature"] = sigs[i] }, body)
        end
        """;

    private static string EventScript(string dir) => $$"""
        local counter = 0
        local prefix, suffix
        local next_tid = 0
        function setup(thread)
          thread:set("tid", next_tid)
          next_tid = next_tid + 1
        end
        function init(args)
          local f = io.open("{{dir}}/prefix.txt", "rb"); prefix = f:read("*a"); f:close()
          f = io.open("{{dir}}/suffix.txt", "rb"); suffix = f:read("*a"); f:close()
        end
        function request()
          counter = counter + 1
          return wrk.format("POST", "/e/bench", { ["Content-Type"] = "application/json" }, prefix .. "evt_" .. tid .. "_" .. counter .. suffix)
        end
        """;

    private static double Percent(string output, string p)
    {
        var m = Regex.Match(output, $@"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success)
        {
            return double.NaN;
        }

        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
    }

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)s")]
    private static partial Regex RequestsRegex();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonOkRegex();
}
