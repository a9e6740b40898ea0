using Steadfast.Expressions.Functions;
using Steadfast.Expressions.Runtime;
using Steadfast.Expressions.Syntax;

namespace Steadfast.Expressions.Compilation;

/// <summary>
/// Turns the syntax tree into evaluator nodes: resolves identifiers (macro variables, <c>event</c>,
/// <c>async</c>, type names, other variables), expands macros, picks function overloads by name and
/// call style, and folds <c>event.a.b</c> chains into <see cref="JsonPathNode"/>s.
/// </summary>
internal sealed partial class Binder
{
    private static readonly HashSet<string> s_macros = ["has", "all", "exists", "exists_one", "map", "filter"];

    private readonly string _source;
    private readonly List<string> _scope = [];

    private Binder(string source) => _source = source;

    public HashSet<string> FreeVariables { get; } = new(StringComparer.Ordinal);

    public int LocalSlots { get; private set; }

    public static BoundExpression Bind(string source, SyntaxNode syntax)
    {
        var binder = new Binder(source);
        var root = binder.BindNode(syntax);
        return new BoundExpression(root, binder.LocalSlots, binder.FreeVariables);
    }

    private Node BindNode(SyntaxNode syntax) => syntax switch
    {
        LiteralSyntax literal => new ConstantNode(literal.Value),
        IdentSyntax ident => BindIdent(ident),
        SelectSyntax select => (Node?)TryBindJsonPath(select) ?? (Node?)TryBindQualifiedType(select) ?? new SelectNode(BindNode(select.Operand), select.Field),
        IndexSyntax index => (Node?)TryBindJsonPath(index) ?? new IndexNode(BindNode(index.Operand), BindNode(index.Index)),
        CallSyntax call => BindCall(call),
        UnarySyntax unary => unary.Operator == TokenKind.Bang
            ? new NotNode(BindNode(unary.Operand))
            : new UnaryFunctionNode(BindNode(unary.Operand), CelArithmetic.Negate),
        BinarySyntax binary => BindBinary(binary),
        ConditionalSyntax c => new ConditionalNode(BindNode(c.Condition), BindNode(c.WhenTrue), BindNode(c.WhenFalse)),
        ListSyntax list => new ListNode([.. list.Items.Select(BindNode)]),
        MapSyntax map => new MapNode([.. map.Entries.Select(e => BindNode(e.Key))], [.. map.Entries.Select(e => BindNode(e.Value))]),
        _ => throw new InvalidOperationException($"unknown syntax {syntax.GetType().Name}"),
    };

    private Node BindIdent(IdentSyntax ident)
    {
        var slot = _scope.LastIndexOf(ident.Name);
        if (slot >= 0)
        {
            return new LocalNode(slot);
        }

        switch (ident.Name)
        {
            case "event":
                FreeVariables.Add("event");
                return new JsonPathNode(JsonRoot.Event, []);
            case "async":
                FreeVariables.Add("async");
                return new JsonPathNode(JsonRoot.Async, []);
            default:
                if (CelType.TryResolve(ident.Name, out var type))
                {
                    return new ConstantNode(CelValue.FromType(type));
                }

                FreeVariables.Add(ident.Name);
                return new VariableNode(ident.Name);
        }
    }

    /// <summary><c>event.a.b</c>, <c>async.a["b"]</c> (not shadowed by a macro variable) become one path node.</summary>
    private JsonPathNode? TryBindJsonPath(SyntaxNode syntax)
    {
        var segments = new List<string>();
        var current = syntax;
        while (true)
        {
            switch (current)
            {
                case SelectSyntax s:
                    segments.Add(s.Field);
                    current = s.Operand;
                    continue;
                case IndexSyntax { Index: LiteralSyntax { Value.Kind: CelValueKind.String } key } i:
                    segments.Add(key.Value.AsString());
                    current = i.Operand;
                    continue;
                case IdentSyntax { Name: "event" or "async" } root when !_scope.Contains(root.Name):
                    segments.Reverse();
                    FreeVariables.Add(root.Name);
                    return new JsonPathNode(root.Name == "event" ? JsonRoot.Event : JsonRoot.Async, [.. segments]);
                default:
                    return null;
            }
        }
    }

    /// <summary><c>google.protobuf.Timestamp</c> and <c>google.protobuf.Duration</c> name types.</summary>
    private ConstantNode? TryBindQualifiedType(SelectSyntax select)
    {
        var name = select.Field;
        var current = select.Operand;
        while (current is SelectSyntax s)
        {
            name = s.Field + "." + name;
            current = s.Operand;
        }

        if (current is IdentSyntax ident && !_scope.Contains(ident.Name) && CelType.TryResolve(ident.Name + "." + name, out var type))
        {
            return new ConstantNode(CelValue.FromType(type));
        }

        return null;
    }

    private Node BindBinary(BinarySyntax binary)
    {
        var left = BindNode(binary.Left);
        var right = BindNode(binary.Right);
        return binary.Operator switch
        {
            TokenKind.AndAnd => new AndNode(left, right),
            TokenKind.OrOr => new OrNode(left, right),
            TokenKind.EqualEqual => new EqualsNode(left, right, negated: false),
            TokenKind.BangEqual => new EqualsNode(left, right, negated: true),
            TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual => new CompareNode(left, right, binary.Operator),
            TokenKind.In => new BinaryFunctionNode(left, right, Access.In),
            TokenKind.Plus => new BinaryFunctionNode(left, right, CelArithmetic.AddMixed),
            TokenKind.Minus => new BinaryFunctionNode(left, right, CelArithmetic.Subtract),
            TokenKind.Star => new BinaryFunctionNode(left, right, CelArithmetic.Multiply),
            TokenKind.Slash => new BinaryFunctionNode(left, right, CelArithmetic.Divide),
            _ => new BinaryFunctionNode(left, right, CelArithmetic.Modulo),
        };
    }

    private ExpressionSyntaxException Error(int position, string reason, string? expected = null) => new(_source, position, reason, expected);
}
