namespace Steadfast.Engine.Drivers.Http;

/// <summary>Case-insensitive header lookup, over a real response or the <c>headers</c> of a streamed one.</summary>
internal interface IResponseHeaders
{
    string? Get(string name);
}
