using System.Text.Json;

namespace Steadfast.Protocol.Calls;

/// <summary>How a memoized step value reads (reference §4.4): <c>{data}</c>, <c>{error}</c>, <c>{input}</c>, or raw.</summary>
public readonly struct MemoValue
{
    private MemoValue(MemoKind kind, JsonElement value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>Which shape the memo has.</summary>
    public MemoKind Kind { get; }

    /// <summary>The data, error object, or input array.</summary>
    public JsonElement Value { get; }

    /// <summary>Classifies a stored memo exactly as the JS SDK's strict schemas do.</summary>
    public static MemoValue Parse(JsonElement memo)
    {
        if (memo.ValueKind == JsonValueKind.Object)
        {
            var count = 0;
            JsonElement data = default, error = default, input = default;
            bool hasData = false, hasError = false, hasInput = false, typeIsData = false;
            foreach (var p in memo.EnumerateObject())
            {
                count++;
                switch (p.Name)
                {
                    case "data": hasData = true; data = p.Value; break;
                    case "error": hasError = true; error = p.Value; break;
                    case "input": hasInput = true; input = p.Value; break;
                    case "type": typeIsData = p.Value.ValueKind == JsonValueKind.String && p.Value.ValueEquals("data"); break;
                    default: break;
                }
            }

            if (hasData && (count == 1 || (count == 2 && typeIsData)))
            {
                return new MemoValue(MemoKind.Data, data);
            }

            if (hasError && count == 1)
            {
                return new MemoValue(MemoKind.Error, error);
            }

            if (hasInput && count == 1)
            {
                return new MemoValue(MemoKind.Input, input);
            }
        }

        return new MemoValue(MemoKind.Data, memo);
    }
}

/// <summary>The shape of a memo.</summary>
public enum MemoKind
{
    /// <summary>A result (possibly raw, e.g. a matched event or null).</summary>
    Data,

    /// <summary>A final step error.</summary>
    Error,

    /// <summary>An edited input, not yet run.</summary>
    Input,
}
