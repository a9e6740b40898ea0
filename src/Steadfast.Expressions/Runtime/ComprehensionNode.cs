namespace Steadfast.Expressions.Runtime;

/// <summary>
/// The macros <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c> and <c>filter</c> over a list's
/// elements or a map's keys. <c>all</c>/<c>exists</c> absorb errors like <c>&amp;&amp;</c>/<c>||</c>.
/// Iterations count against <see cref="ExpressionLimits.MaxIterations"/>.
/// </summary>
internal sealed class ComprehensionNode(ComprehensionKind kind, Node range, int slot, Node? filter, Node step, string name) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        var target = range.Evaluate(activation);
        if (target.IsError)
        {
            return target;
        }

        CelList items;
        if (target.Kind == CelValueKind.List)
        {
            items = target.AsList();
        }
        else if (target.Kind == CelValueKind.Map)
        {
            items = new ValueList([.. target.AsMap().Keys]);
        }
        else
        {
            return Errors.NoSuchOverload(name, target);
        }

        var frame = activation.Frame!;
        var saved = frame.Locals[slot];
        try
        {
            return Run(activation, frame, items);
        }
        finally
        {
            frame.Locals[slot] = saved;
        }
    }

    private CelValue Run(in Activation activation, Frame frame, CelList items)
    {
        CelValue firstError = default;
        var count = 0;
        var results = kind is ComprehensionKind.Map or ComprehensionKind.Filter ? new List<CelValue>() : null;
        for (var i = 0; i < items.Count; i++)
        {
            if (++frame.Iterations > ExpressionLimits.MaxIterations)
            {
                return Errors.LimitExceeded($"more than {ExpressionLimits.MaxIterations} macro iterations");
            }

            var item = items[i];
            frame.Locals[slot] = item;
            if (filter is not null)
            {
                var keep = filter.Evaluate(activation);
                if (keep.Kind != CelValueKind.Bool)
                {
                    return keep.IsError ? keep : Errors.NoSuchOverload(name, keep);
                }

                if (!keep.AsBool())
                {
                    continue;
                }
            }

            var v = step.Evaluate(activation);
            switch (kind)
            {
                case ComprehensionKind.Map:
                    if (v.IsError)
                    {
                        return v;
                    }

                    results!.Add(v);
                    break;
                case ComprehensionKind.Filter:
                case ComprehensionKind.ExistsOne:
                    if (v.Kind != CelValueKind.Bool)
                    {
                        return v.IsError ? v : Errors.NoSuchOverload(name, v);
                    }

                    if (v.AsBool())
                    {
                        results?.Add(item);
                        count++;
                    }

                    break;
                default:
                    var decisive = kind == ComprehensionKind.Exists;
                    if (v.Kind == CelValueKind.Bool && v.AsBool() == decisive)
                    {
                        return v;
                    }

                    if (v.Kind != CelValueKind.Bool && !firstError.IsError)
                    {
                        firstError = v.IsError ? v : Errors.NoSuchOverload(name, v);
                    }

                    break;
            }
        }

        return kind switch
        {
            ComprehensionKind.Map or ComprehensionKind.Filter => CelValue.FromList(new ValueList([.. results!])),
            ComprehensionKind.ExistsOne => CelValue.FromBool(count == 1),
            _ => firstError.IsError ? firstError : CelValue.FromBool(kind == ComprehensionKind.All),
        };
    }
}
