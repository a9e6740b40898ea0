namespace Steadfast.Bench.Clerk;

/// <summary>What one load run measured.</summary>
internal sealed record LoadResult(double Seconds, long Ok, long Failed, double P50Ms, double P99Ms)
{
    public double OkPerSecond => Ok / Seconds;
}
