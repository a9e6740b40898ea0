using System.Globalization;

namespace Steadfast.Bench.Clerk;

/// <summary>Options of the <c>webhooks</c> verb.</summary>
internal sealed class BenchOptions
{
    public int Connections { get; private set; } = 64;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(3);

    public string LoadGenerator { get; private set; } = "auto";

    public int Threads { get; private set; } = 2;

    public int Rounds { get; private set; } = 3;

    public IReadOnlyList<BenchKind> Kinds { get; private set; } = BenchKind.All;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--connections": o.Connections = Int(value); break;
                case "--duration": o.Duration = TimeSpan.FromSeconds(Int(value)); break;
                case "--warmup": o.Warmup = TimeSpan.FromSeconds(Int(value)); break;
                case "--loadgen": o.LoadGenerator = value is "auto" or "wrk" or "csharp" ? value : throw new ArgumentException("--loadgen must be auto, wrk or csharp"); break;
                case "--threads": o.Threads = Int(value); break;
                case "--rounds": o.Rounds = Int(value); break;
                case "--kinds": o.Kinds = [.. value.Split(',').Select(BenchKind.Parse)]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return o;
    }

    private static int Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"expected a positive number, got '{s}'");
}
