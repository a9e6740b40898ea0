using Steadfast.Bench.Clerk;

try
{
    if (args.Length == 0 || args[0] is "--help" or "-h" || args[0] != "webhooks")
    {
        Console.WriteLine(WebhookIngestBenchmark.Help);
        return args.Length == 0 || args[0] is "--help" or "-h" ? 0 : 2;
    }

    return await WebhookIngestBenchmark.RunAsync(BenchOptions.Parse(args[1..]));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
