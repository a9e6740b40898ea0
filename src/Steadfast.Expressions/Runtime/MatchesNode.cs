using System.Text.RegularExpressions;

namespace Steadfast.Expressions.Runtime;

/// <summary><c>s.matches('literal')</c> with the pattern compiled once, at compile time.</summary>
internal sealed class MatchesNode(Node text, Regex regex) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var v = text.Evaluate(activation);
        if (v.IsError)
        {
            return v;
        }

        return v.Kind == CelValueKind.String ? RegexCache.Run(regex, v.AsString()) : Errors.NoSuchOverload("matches", v);
    }
}
