using System.Security.Cryptography;

namespace Steadfast.Protocol.Ids;

/// <summary>
/// ULIDs (26 Crockford base-32 characters: 48-bit millisecond time + 80 bits of entropy), the id format
/// Inngest uses for events and runs. Monotonic within one millisecond per generator.
/// </summary>
public sealed class UlidGenerator
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private long _lastMs = -1;
    private readonly byte[] _last = new byte[10];

    /// <summary>Creates a generator reading time from <paramref name="time"/>.</summary>
    public UlidGenerator(TimeProvider time) => _time = time;

    /// <summary>Returns a new ULID, strictly greater than the previous one from this generator.</summary>
    public string Next()
    {
        Span<byte> entropy = stackalloc byte[10];
        long ms;
        lock (_gate)
        {
            ms = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (ms <= _lastMs)
            {
                ms = _lastMs;
                Increment(_last);
            }
            else
            {
                _lastMs = ms;
                RandomNumberGenerator.Fill(_last);
            }

            _last.CopyTo(entropy);
        }

        return Format(ms, entropy);
    }

    /// <summary>Formats a ULID from its parts.</summary>
    public static string Format(long unixMs, ReadOnlySpan<byte> entropy)
    {
        if (entropy.Length != 10)
        {
            throw new ArgumentException("ULID entropy is 10 bytes.", nameof(entropy));
        }

        Span<byte> bytes = stackalloc byte[16];
        bytes[0] = (byte)(unixMs >> 40);
        bytes[1] = (byte)(unixMs >> 32);
        bytes[2] = (byte)(unixMs >> 24);
        bytes[3] = (byte)(unixMs >> 16);
        bytes[4] = (byte)(unixMs >> 8);
        bytes[5] = (byte)unixMs;
        entropy.CopyTo(bytes[6..]);
        UInt128 v = 0;
        for (var i = 0; i < 16; i++)
        {
            v = (v << 8) | bytes[i];
        }

        return string.Create(26, v, static (chars, value) => Encode(value, chars));
    }

    /// <summary>Reads the millisecond timestamp of a ULID, or null when it is not a ULID.</summary>
    public static long? TryGetTimestamp(string ulid)
    {
        if (ulid is null || ulid.Length != 26)
        {
            return null;
        }

        long ms = 0;
        for (var i = 0; i < 10; i++)
        {
            var v = Alphabet.IndexOf(char.ToUpperInvariant(ulid[i]));
            if (v < 0)
            {
                return null;
            }

            ms = (ms << 5) | (uint)v;
        }

        return ms;
    }

    private static void Increment(byte[] value)
    {
        for (var i = value.Length - 1; i >= 0; i--)
        {
            if (++value[i] != 0)
            {
                return;
            }
        }
    }

    private static void Encode(UInt128 v, Span<char> c)
    {
        // 128 bits → 26 chars; the first char carries the top 3 bits.
        for (var i = 25; i >= 0; i--)
        {
            c[i] = Alphabet[(int)(v & 31)];
            v >>= 5;
        }
    }
}
