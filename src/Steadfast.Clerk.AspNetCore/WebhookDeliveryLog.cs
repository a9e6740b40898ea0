namespace Steadfast.Clerk.AspNetCore;

/// <summary>
/// The last deliveries a webhook endpoint did not commit (rejected or filtered), kept in memory for the dashboard, and
/// counters of all outcomes since start. The application endpoint's log is registered as a singleton by
/// <see cref="ClerkWebhookServiceCollectionExtensions.AddClerkWebhooks"/> (inject it to show or assert on rejections);
/// each server-hosted webhook source keeps its own (<see cref="IWebhookSourceDirectory"/>). Thread-safe.
/// </summary>
public sealed class WebhookDeliveryLog
{
    private readonly Lock _gate = new();
    private readonly WebhookDelivery[] _ring;
    private readonly long[] _counts = new long[Enum.GetValues<WebhookDeliveryOutcome>().Length];
    private int _next;
    private int _size;

    /// <summary>Initializes a new instance of the <see cref="WebhookDeliveryLog"/> class.</summary>
    /// <param name="capacity">How many rejections to keep; the oldest is dropped first.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public WebhookDeliveryLog(int capacity = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ring = new WebhookDelivery[capacity];
    }

    /// <summary>Gets how many rejections are kept.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Returns how many deliveries ended with <paramref name="outcome"/> since start.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long Count(WebhookDeliveryOutcome outcome) => Interlocked.Read(ref _counts[(int)outcome]);

    /// <summary>Returns the kept deliveries that were not accepted (rejected or filtered), newest first.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<WebhookDelivery> RecentRejections()
    {
        lock (_gate)
        {
            var result = new WebhookDelivery[_size];
            for (var i = 0; i < _size; i++)
            {
                result[i] = _ring[(_next - 1 - i + _ring.Length) % _ring.Length];
            }

            return result;
        }
    }

    /// <summary>Records a delivery: counts it, and keeps it unless it was accepted.</summary>
    /// <param name="delivery">The delivery.</param>
    public void Record(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        Interlocked.Increment(ref _counts[(int)delivery.Outcome]);
        if (delivery.Outcome == WebhookDeliveryOutcome.Accepted)
        {
            return;
        }

        lock (_gate)
        {
            _ring[_next] = delivery;
            _next = (_next + 1) % _ring.Length;
            _size = Math.Min(_size + 1, _ring.Length);
        }
    }
}
