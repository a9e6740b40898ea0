namespace Steadfast.Engine;

/// <summary>Wakes the scheduler when work that is due now was committed.</summary>
public interface IWorkSignal
{
    /// <summary>Signals that new work may be due.</summary>
    void Signal();
}
