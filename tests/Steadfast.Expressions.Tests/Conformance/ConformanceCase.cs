using System.Text.Json;

namespace Steadfast.Expressions.Tests.Conformance;

/// <summary>One case of cel-spec-cases.json (extracted from google/cel-spec by extract_cel_spec.py).</summary>
public sealed record ConformanceCase(string File, string Section, string Name, string Expr, bool Error, JsonElement? Value, Dictionary<string, JsonElement>? Bindings)
{
    public string Id => $"{File}/{Section}/{Name}";

    public override string ToString() => Id;
}
