namespace Steadfast.Expressions.Runtime;

/// <summary>The two JSON variables every Steadfast expression may use.</summary>
internal enum JsonRoot
{
    /// <summary><c>event</c>: the triggering event (for pauses, the run's first event).</summary>
    Event,

    /// <summary><c>async</c>: the incoming event a pause is matched against.</summary>
    Async,
}
