using Steadfast.Protocol.Sync;

namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>One sync of an app, from <c>POST /fn/register</c> or an in-band PUT, before validation.</summary>
internal sealed record AppSync
{
    public required string AppId { get; init; }

    public required string Url { get; init; }

    public string Sdk { get; init; } = "";

    public string Framework { get; init; } = "";

    public required IReadOnlyList<FunctionConfig> Functions { get; init; }
}
