using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Steadfast.Clerk.Models;

namespace Steadfast.Clerk.Events;

/// <summary>
/// Maps a verified Clerk webhook body to the event the Clerk→Inngest integration produces, plus dedup and time:
/// name <c>clerk/&lt;type&gt;</c> (exact case), data = the envelope's <c>data</c> unchanged, id = the <c>svix-id</c>,
/// ts = the envelope <c>timestamp</c> in milliseconds. Unknown types are mapped, never rejected. Thread-safe.
/// </summary>
/// <remarks>
/// Timestamp rules (clerk-svix.md §4.5): a value below 10^12 is read as seconds and converted; a value more than
/// <see cref="MaxFutureSkew"/> ahead of the clock is clamped to now; a missing one becomes now. Each case is reported
/// in <see cref="MappedEvent.TimestampCorrection"/> so the host can log it.
/// </remarks>
public sealed class ClerkEventMapper
{
    /// <summary>The prefix of every mapped event name.</summary>
    public const string EventNamePrefix = "clerk/";

    // Values below 10^12 ms would be before 2001-09-09: such a timestamp is seconds, not milliseconds.
    private const long SecondsThreshold = 1_000_000_000_000;

    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="ClerkEventMapper"/> class.</summary>
    /// <param name="timeProvider">The clock for clamping and missing timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="maxFutureSkew">How far ahead of the clock a timestamp may be before it is clamped; default five minutes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFutureSkew"/> is negative or longer than a year.</exception>
    public ClerkEventMapper(TimeProvider? timeProvider = null, TimeSpan? maxFutureSkew = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        MaxFutureSkew = maxFutureSkew ?? TimeSpan.FromMinutes(5);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFutureSkew, TimeSpan.Zero, nameof(maxFutureSkew));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFutureSkew, TimeSpan.FromDays(365), nameof(maxFutureSkew));
    }

    /// <summary>Gets how far ahead of the clock an envelope timestamp may be before it is clamped to now.</summary>
    public TimeSpan MaxFutureSkew { get; }

    /// <summary>Returns whether a Clerk type is safe to turn into an event name (<c>^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$</c>, at most 128 characters).</summary>
    /// <param name="type">The Clerk type, e.g. <c>user.created</c>.</param>
    /// <returns>Whether the type is safe.</returns>
    public static bool IsSafeEventType(string type) => type is not null && ClerkEventType.IsSafe(type);

    /// <summary>Maps a webhook body. Call only after the signature verified.</summary>
    /// <param name="body">The raw body bytes.</param>
    /// <param name="svixId">The verified <c>svix-id</c> (or <c>webhook-id</c>) header, the event id.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentException"><paramref name="svixId"/> is null or empty.</exception>
    /// <exception cref="ClerkPayloadException">The body is malformed; <see cref="ClerkPayloadException.Error"/> says how.</exception>
    public MappedEvent Map(ReadOnlyMemory<byte> body, string svixId)
    {
        ArgumentException.ThrowIfNullOrEmpty(svixId);
        ClerkJson.EnsureUtf8(body.Span);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ClerkJson.DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new ClerkPayloadException(ClerkPayloadError.MalformedJson, $"The webhook body is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            return MapRoot(document.RootElement, svixId);
        }
    }

    /// <summary>Maps a webhook body without throwing for malformed input.</summary>
    /// <param name="body">The raw body bytes.</param>
    /// <param name="svixId">The verified <c>svix-id</c> header.</param>
    /// <param name="mapped">The event, on success.</param>
    /// <param name="error">The problem, on failure.</param>
    /// <returns>Whether mapping succeeded.</returns>
    /// <exception cref="ArgumentException"><paramref name="svixId"/> is null or empty.</exception>
    public bool TryMap(ReadOnlyMemory<byte> body, string svixId, [NotNullWhen(true)] out MappedEvent? mapped, [NotNullWhen(false)] out ClerkPayloadException? error)
    {
        try
        {
            mapped = Map(body, svixId);
            error = null;
            return true;
        }
        catch (ClerkPayloadException exception)
        {
            mapped = null;
            error = exception;
            return false;
        }
    }

    private MappedEvent MapRoot(JsonElement root, string svixId)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ClerkPayloadException(ClerkPayloadError.NotAnObject, $"The webhook body is {ClerkJson.Describe(root.ValueKind)}, not a JSON object.");
        }

        if (root.TryGetProperty("object", out var kind) && !(kind.ValueKind == JsonValueKind.String && kind.ValueEquals("event"u8)))
        {
            throw new ClerkPayloadException(ClerkPayloadError.WrongObjectKind, "The envelope's \"object\" is not \"event\".");
        }

        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || typeElement.GetString() is not { Length: > 0 } type)
        {
            throw new ClerkPayloadException(ClerkPayloadError.MissingType, "The envelope has no \"type\" string.");
        }

        if (!ClerkEventType.IsSafe(type))
        {
            throw new ClerkPayloadException(ClerkPayloadError.InvalidType, "The envelope's \"type\" is not of the form family.action (letters, digits, underscores).");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new ClerkPayloadException(ClerkPayloadError.MissingData, $"The envelope's \"data\" is {ClerkJson.Describe(data.ValueKind)}, not a JSON object.");
        }

        var (ts, correction) = ReadTimestamp(root);
        return new MappedEvent(EventNamePrefix + type, data.Clone(), svixId, ts) { TimestampCorrection = correction };
    }

    private (long Ts, ClerkTimestampCorrection Correction) ReadTimestamp(JsonElement root)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (!root.TryGetProperty("timestamp", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (now, ClerkTimestampCorrection.MissingUsedNow);
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value) || value <= 0)
        {
            throw new ClerkPayloadException(ClerkPayloadError.InvalidTimestamp, "The envelope's \"timestamp\" is not a positive integer.");
        }

        var correction = ClerkTimestampCorrection.None;
        if (value < SecondsThreshold)
        {
            value *= 1000;
            correction = ClerkTimestampCorrection.ConvertedFromSeconds;
        }

        if (value > now + (long)MaxFutureSkew.TotalMilliseconds)
        {
            return (now, ClerkTimestampCorrection.ClampedToNow);
        }

        return (value, correction);
    }
}
