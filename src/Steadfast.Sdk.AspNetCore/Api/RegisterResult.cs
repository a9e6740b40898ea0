namespace Steadfast.Sdk.AspNetCore.Api;

/// <summary>What the server said to a register request: status and message from its BODY (reference §2.2).</summary>
internal sealed record RegisterResult(int Status, string Message, bool Modified);
