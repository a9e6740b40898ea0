namespace Steadfast.Server.AspNetCore.Sync;

/// <summary>The outcome of a sync: success with whether anything changed, or a 4xx with the reason.</summary>
internal sealed record SyncResult(int Status, bool Modified, string? Error = null, string? Code = null, string? AppId = null)
{
    public bool Ok => Status is >= 200 and < 300;

    public static SyncResult Invalid(string error, string code = "invalid_config") => new(400, false, error, code);
}
