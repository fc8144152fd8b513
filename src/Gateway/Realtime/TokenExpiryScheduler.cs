namespace Spaces.Gateway.Realtime;

/// <summary>
/// Closes sockets with 4001 when their tokens expire, for the whole gateway: one queue ordered by expiry and one timer
/// armed for the earliest, instead of a timer per socket (a .NET timer with its holder and callback is ~250 bytes
/// per idle socket; an entry here is a small object and a queue slot).
/// </summary>
internal sealed class TokenExpiryScheduler(TimeProvider time) : IDisposable
{
    // The longest a timer is armed for: ITimer refuses periods past ~49 days, and tokens may not expire at all.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private PriorityQueue<Registration, long> _due = new();
    private ITimer? _timer;
    private long _armedForTicks = long.MaxValue;

    // Registrations of sockets that closed before their expiry still sit in the queue; rebuilt when they dominate.
    private int _cancelled;

    /// <summary>Entries in the queue, including those of sockets that closed early and wait to be dropped.</summary>
    internal int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _due.Count;
            }
        }
    }

    /// <summary>Closes <paramref name="connection"/> with 4001 at <paramref name="expiresAt"/>; dispose when the socket closes.</summary>
    public IDisposable CloseAtExpiry(ClientConnection connection, DateTimeOffset expiresAt)
    {
        var registration = new Registration(this, connection);
        var dueTicks = expiresAt.UtcTicks;
        lock (_gate)
        {
            _due.Enqueue(registration, dueTicks);
            if (dueTicks < _armedForTicks)
            {
                ArmFor(dueTicks);
            }
        }

        return registration;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _due.Clear();
        }
    }

    /// <summary>Under the lock: the timer fires at <paramref name="dueTicks"/>, or after <see cref="LongestWait"/> to look again.</summary>
    private void ArmFor(long dueTicks)
    {
        var wait = TimeSpan.FromTicks(Math.Max(0, dueTicks - time.GetUtcNow().UtcTicks));
        _timer ??= time.CreateTimer(static scheduler => ((TokenExpiryScheduler)scheduler!).CloseExpired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(wait < LongestWait ? wait : LongestWait, Timeout.InfiniteTimeSpan);
        _armedForTicks = dueTicks;
    }

    private void CloseExpired()
    {
        List<ClientConnection>? expired = null;
        lock (_gate)
        {
            if (_timer is null)
            {
                return; // disposed
            }

            var now = time.GetUtcNow().UtcTicks;
            while (_due.TryPeek(out var registration, out var dueTicks) && dueTicks <= now)
            {
                _due.Dequeue();
                if (registration.Take() is { } connection)
                {
                    (expired ??= []).Add(connection);
                }
                else
                {
                    _cancelled--;
                }
            }

            _armedForTicks = long.MaxValue;
            if (_due.TryPeek(out _, out var nextTicks))
            {
                ArmFor(nextTicks);
            }
        }

        // Outside the lock: a close queues work on the connection, which takes its own lock.
        foreach (var connection in expired ?? [])
        {
            connection.CloseForExpiredToken();
        }
    }

    private void Cancelled()
    {
        lock (_gate)
        {
            _cancelled++;
            // Sockets that come and go leave entries behind until their tokens' expiry; once they are most of the
            // queue, drop them in one pass so churn cannot grow it.
            if (_cancelled > 1024 && _cancelled > _due.Count / 2)
            {
                _due = new PriorityQueue<Registration, long>(_due.UnorderedItems.Where(entry => entry.Element.IsActive));
                _cancelled = 0;
            }
        }
    }

    /// <summary>One socket's place in the queue; disposing it lets the socket go before its expiry.</summary>
    private sealed class Registration(TokenExpiryScheduler scheduler, ClientConnection connection) : IDisposable
    {
        private ClientConnection? _connection = connection;

        public bool IsActive => Volatile.Read(ref _connection) is not null;

        /// <summary>The connection to close, once; null when the socket already closed.</summary>
        public ClientConnection? Take() => Interlocked.Exchange(ref _connection, null);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _connection, null) is not null)
            {
                scheduler.Cancelled();
            }
        }
    }
}
