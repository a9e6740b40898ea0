using Steadfast.Expressions.Functions;
using Steadfast.Expressions.Runtime;
using Steadfast.Expressions.Syntax;

namespace Steadfast.Expressions.Compilation;

internal sealed partial class Binder
{
    private Node BindCall(CallSyntax call)
    {
        if (s_macros.Contains(call.Function) && TryBindMacro(call) is { } macro)
        {
            return macro;
        }

        if (call.Target is null)
        {
            if (call.Args.Count == 1 && FunctionTable.Global(call.Function) is { } f1)
            {
                return new UnaryFunctionNode(BindNode(call.Args[0]), f1);
            }

            if (call.Args.Count == 2 && FunctionTable.Global2(call.Function) is { } f2)
            {
                return BindBinaryCall(call.Function, call.Args[0], call.Args[1], f2);
            }
        }
        else
        {
            if (call.Args.Count == 0 && FunctionTable.Member(call.Function) is { } m0)
            {
                return new UnaryFunctionNode(BindNode(call.Target), m0);
            }

            if (call.Args.Count == 1 && FunctionTable.Member1(call.Function) is { } m1)
            {
                return BindBinaryCall(call.Function, call.Target, call.Args[0], m1);
            }
        }

        var known = FunctionTable.Names.Contains(call.Function) || s_macros.Contains(call.Function);
        var shape = call.Target is null ? $"{call.Function}({call.Args.Count} argument{(call.Args.Count == 1 ? string.Empty : "s")})" : $"<receiver>.{call.Function}({call.Args.Count} argument{(call.Args.Count == 1 ? string.Empty : "s")})";
        throw known
            ? Error(call.Position, $"no overload of '{call.Function}' matches {shape}")
            : Error(call.Position, $"undeclared reference to function '{call.Function}'");
    }

    private Node BindBinaryCall(string name, SyntaxNode first, SyntaxNode second, Func<CelValue, CelValue, CelValue> function)
    {
        if (name == "matches" && second is LiteralSyntax { Value.Kind: CelValueKind.String } pattern)
        {
            // A literal pattern is compiled once; a bad one is reported at compile time, where its position is known.
            if (!RegexCache.TryCompile(pattern.Value.AsString(), out var regex, out var error))
            {
                throw Error(pattern.Position, error!);
            }

            return new MatchesNode(BindNode(first), regex!);
        }

        return new BinaryFunctionNode(BindNode(first), BindNode(second), function);
    }

    private Node? TryBindMacro(CallSyntax call)
    {
        if (call.Function == "has")
        {
            if (call.Target is not null || call.Args.Count != 1)
            {
                return null;
            }

            if (call.Args[0] is not SelectSyntax select)
            {
                throw Error(call.Args[0].Position, "invalid argument to has() macro", "a field selection such as has(event.data.x)");
            }

            return new HasNode(BindNode(select.Operand), select.Field);
        }

        if (call.Target is null)
        {
            return null;
        }

        var (kind, arity) = call.Function switch
        {
            "all" => (ComprehensionKind.All, 2),
            "exists" => (ComprehensionKind.Exists, 2),
            "exists_one" => (ComprehensionKind.ExistsOne, 2),
            "filter" => (ComprehensionKind.Filter, 2),
            _ => (ComprehensionKind.Map, call.Args.Count == 3 ? 3 : 2),
        };
        if (call.Args.Count != arity)
        {
            throw Error(call.Position, $"macro '{call.Function}' takes {arity} arguments, got {call.Args.Count}");
        }

        if (call.Args[0] is not IdentSyntax variable)
        {
            throw Error(call.Args[0].Position, $"argument 1 of macro '{call.Function}' must be a simple name", "an identifier such as x");
        }

        var range = BindNode(call.Target);
        var slot = _scope.Count;
        _scope.Add(variable.Name);
        LocalSlots = Math.Max(LocalSlots, _scope.Count);
        try
        {
            var filter = arity == 3 ? BindNode(call.Args[1]) : null;
            var step = BindNode(call.Args[arity - 1]);
            return new ComprehensionNode(kind, range, slot, filter, step, call.Function);
        }
        finally
        {
            _scope.RemoveAt(_scope.Count - 1);
        }
    }
}
