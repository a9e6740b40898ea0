namespace Steadfast.Expressions.Runtime;

/// <summary>Macro iteration variables and the iteration budget of one evaluation.</summary>
internal sealed class Frame(int slots)
{
    public CelValue[] Locals { get; } = new CelValue[slots];

    public int Iterations { get; set; }
}
