using System.Globalization;

namespace Steadfast.Sdk.Testing;

/// <summary>
/// A clock that moves only when told to, for tests: <see cref="Advance"/> and <see cref="SetUtcNow"/> move it and
/// fire the timers that fall due, in due order. It plays the role of <c>FakeTimeProvider</c> from
/// Microsoft.Extensions.TimeProvider.Testing, which the SDK does not depend on. Thread-safe.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The instant a new provider starts at unless told otherwise: 2025-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timestamp;

    /// <summary>Creates a clock at <paramref name="start"/> (default <see cref="DefaultStart"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The start is not in UTC.</exception>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        var at = start ?? DefaultStart;
        if (at.Offset != TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(start), at, "The start of a ManualTimeProvider must be in UTC.");
        }

        _now = at;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Ticks of <see cref="TimeSpan"/>: one timestamp unit is 100 ns.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _timestamp;
        }
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/> and fires the timers that fall due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + delta);
    }

    /// <summary>Moves the clock forward to <paramref name="value"/> and fires the timers that fall due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is earlier than the current time.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                if (value < _now)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value, $"The clock cannot go back (now {_now:O}).");
                }

                due = null;
                foreach (var t in _timers)
                {
                    if (t.DueAt <= value && (due is null || t.DueAt < due.DueAt))
                    {
                        due = t;
                    }
                }

                var target = due?.DueAt ?? value;
                if (target > _now)
                {
                    _timestamp += (target - _now).Ticks;
                    _now = target;
                }

                if (due is null)
                {
                    return;
                }

                due.Reschedule(_now);
                if (due.DueAt == DateTimeOffset.MaxValue)
                {
                    _timers.Remove(due);
                }
            }

            // Outside the lock: a callback may read the clock or create timers.
            due.Fire();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <inheritdoc />
    public override string ToString() => GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.Period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = DateTimeOffset.MaxValue;
                return;
            }

            timer.DueAt = _now + dueTime;
            _timers.Add(timer);
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; } = DateTimeOffset.MaxValue;

        public TimeSpan Period { get; set; } = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        // Called under the owner's lock.
        public void Reschedule(DateTimeOffset now) =>
            DueAt = Period == Timeout.InfiniteTimeSpan || Period <= TimeSpan.Zero ? DateTimeOffset.MaxValue : now + Period;

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            owner.Remove(this);
            return ValueTask.CompletedTask;
        }
    }
}
