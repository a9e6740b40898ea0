using System.Text.Json;

namespace Steadfast.Expressions.Runtime;

/// <summary>
/// <c>event.a.b["c"]</c> or <c>async...</c>: walks the JSON with property look-ups only, so the hot
/// path of a typical expression allocates nothing.
/// </summary>
internal sealed class JsonPathNode(JsonRoot root, string[] segments) : Node
{
    public JsonRoot Root { get; } = root;

    public string[] Segments { get; } = segments;

    // Property names pre-encoded once: TryGetProperty(string) would transcode on every look-up.
    private readonly byte[][] _utf8Segments = [.. segments.Select(System.Text.Encoding.UTF8.GetBytes)];

    public override CelValue Evaluate(in Activation activation)
    {
        var start = Root == JsonRoot.Event ? activation.Context.Event : activation.Context.Async;
        if (start is not { } element)
        {
            return Errors.NoSuchAttribute(Root == JsonRoot.Event ? "event" : "async");
        }

        for (var i = 0; i < _utf8Segments.Length; i++)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return Access.Select(CelValue.FromJson(element), Segments[i]);
            }

            if (!element.TryGetProperty(_utf8Segments[i], out element))
            {
                return Errors.NoSuchKey(Segments[i]);
            }
        }

        return CelValue.FromJson(element);
    }

    /// <summary>Reads the path from an event without CEL error values: false when any step is missing.</summary>
    public static bool TryRead(JsonElement start, string[] segments, out JsonElement value)
    {
        value = start;
        foreach (var segment in segments)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
            {
                return false;
            }
        }

        return true;
    }
}
