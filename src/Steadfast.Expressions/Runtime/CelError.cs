namespace Steadfast.Expressions.Runtime;

/// <summary>The payload of an error value; errors are rare, so they are plain objects.</summary>
internal sealed class CelError(string message)
{
    public string Message { get; } = message;

    public override string ToString() => Message;
}
