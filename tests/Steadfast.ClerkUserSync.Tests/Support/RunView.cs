using Steadfast.Engine.Storage;

namespace Steadfast.ClerkUserSync.Tests;

/// <summary>A run as the tests look at it, read from the embedded engine's store or from an external server's REST API.</summary>
public sealed record RunView(string RunId, string FunctionId, RunStatus Status, string? Output)
{
    public bool IsTerminal => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}
