namespace Steadfast.Sdk.AspNetCore;

/// <summary>Header names and fixed values of the protocol (reference §2.2, §3.1, §4.1).</summary>
internal static class ServeHeaders
{
    public const string Framework = "aspnetcore";
    public const string Sdk = "X-Inngest-SDK";
    public const string ReqVersion = "X-Inngest-Req-Version";
    public const string SdkHandled = "x-inngest-sdk-handled";
    public const string FrameworkHeader = "x-inngest-framework";
    public const string NoRetry = "x-inngest-no-retry";
    public const string RetryAfter = "retry-after";
    public const string Signature = "X-Inngest-Signature";
    public const string SyncKind = "x-inngest-sync-kind";
    public const string ServerKind = "x-inngest-server-kind";
    public const string ExpectedServerKind = "x-inngest-expected-server-kind";
    public const string Env = "x-inngest-env";
    public const string StepId = "x-inngest-step-id";
    public const string EventIdSeed = "x-inngest-event-id-seed";

    /// <summary>The request version this SDK executes with (v2: SHA-1 ids, coalesced parallel completions).</summary>
    public const int RequestVersion = 2;
}
