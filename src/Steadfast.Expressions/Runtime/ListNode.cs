namespace Steadfast.Expressions.Runtime;

internal sealed class ListNode(Node[] items) : Node
{
    public override CelValue Evaluate(in Activation activation)
    {
        if (items.Length == 0)
        {
            return CelValue.FromList(ValueList.Empty);
        }

        var values = new CelValue[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var v = items[i].Evaluate(activation);
            if (v.IsError)
            {
                return v;
            }

            values[i] = v;
        }

        return CelValue.FromList(new ValueList(values));
    }
}
