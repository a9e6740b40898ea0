namespace Steadfast.Expressions.Runtime;

/// <summary><c>&lt; &lt;= &gt; &gt;=</c>; NaN compares false, mismatched types are errors.</summary>
internal sealed class CompareNode(Node left, Node right, Syntax.TokenKind op) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var l = left.Evaluate(activation);
        if (l.IsError)
        {
            return l;
        }

        var r = right.Evaluate(activation);
        if (r.IsError)
        {
            return r;
        }

        var c = CelOrdering.Compare(l, r, Name, out var error);
        if (error.IsError)
        {
            return error;
        }

        if (c is not { } order)
        {
            return CelValue.False;
        }

        return CelValue.FromBool(op switch
        {
            Syntax.TokenKind.Less => order < 0,
            Syntax.TokenKind.LessEqual => order <= 0,
            Syntax.TokenKind.Greater => order > 0,
            _ => order >= 0,
        });
    }

    private string Name => op switch
    {
        Syntax.TokenKind.Less => "_<_",
        Syntax.TokenKind.LessEqual => "_<=_",
        Syntax.TokenKind.Greater => "_>_",
        _ => "_>=_",
    };
}
