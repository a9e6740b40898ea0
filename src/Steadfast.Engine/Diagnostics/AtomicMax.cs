namespace Steadfast.Engine.Diagnostics;

/// <summary>Keeps the largest value seen in a field that several threads update (a high-water mark), without a lock.</summary>
internal static class AtomicMax
{
    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> unless it already holds a value at least as large.</summary>
    public static void Update(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
