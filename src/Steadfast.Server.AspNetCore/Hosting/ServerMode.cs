namespace Steadfast.Server.AspNetCore;

/// <summary>How the server runs.</summary>
public enum ServerMode
{
    /// <summary>Local development: no keys, local requests.</summary>
    Dev,

    /// <summary>Self-hosted production: keys required.</summary>
    Start,
}
