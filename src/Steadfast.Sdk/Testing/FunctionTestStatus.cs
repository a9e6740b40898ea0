namespace Steadfast.Sdk.Testing;

/// <summary>How a run simulated by <see cref="FunctionTestHarness"/> ended.</summary>
public enum FunctionTestStatus
{
    /// <summary>The function returned; see <see cref="FunctionTestResult.Output"/>.</summary>
    Completed,

    /// <summary>The function failed for good; see <see cref="FunctionTestResult.Error"/>.</summary>
    Failed,
}
