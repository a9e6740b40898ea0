namespace Steadfast.Sdk;

/// <summary>How this SDK names itself on the wire (<c>X-Inngest-SDK</c>, the register body's <c>sdk</c>).</summary>
public static class SdkIdentity
{
    /// <summary>The language part, <c>dotnet</c>.</summary>
    public const string Language = "dotnet";

    /// <summary>The SDK version (semver, no <c>v</c>).</summary>
    public const string Version = "0.1.0";

    /// <summary>The <c>&lt;language&gt;:v&lt;version&gt;</c> value, e.g. <c>dotnet:v0.1.0</c>.</summary>
    public const string Name = Language + ":v" + Version;
}
