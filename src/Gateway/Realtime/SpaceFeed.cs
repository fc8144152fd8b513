namespace Spaces.Gateway.Realtime;

/// <summary>
/// One Space's events on this gateway: the local subscribers, the last seq seen, and a few recent frames.
/// The grain sends each event here once; the feed hands the same bytes to every subscriber.
/// </summary>
internal sealed class SpaceFeed(string spaceId, int recentCapacity)
{
    private readonly Lock _gate = new();
    private readonly HashSet<SpaceSubscription> _subscribers = [];
    private readonly Queue<(long Seq, ReadOnlyMemory<byte> Frame)> _recent = new(recentCapacity);
    private long _lastSeq;
    private Task? _registration;
    private bool _closed;

    public string SpaceId => spaceId;

    /// <summary>Hands an event to every subscriber in order; duplicates (after a re-registration) are dropped.</summary>
    public int Dispatch(long seq, ReadOnlyMemory<byte> frame)
    {
        lock (_gate)
        {
            if (seq <= _lastSeq)
            {
                return 0;
            }

            _lastSeq = seq;
            if (_recent.Count == recentCapacity)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue((seq, frame));
            foreach (var subscriber in _subscribers)
            {
                subscriber.Deliver(seq, frame);
            }

            return _subscribers.Count;
        }
    }

    /// <summary>Registers this gateway with the grain once (again after a failure, or when <paramref name="renew"/>).</summary>
    public Task RegisterAsync(Func<Task<long>> register, bool renew = false)
    {
        lock (_gate)
        {
            if (_registration is null || _registration.IsFaulted || renew && _registration.IsCompleted)
            {
                _registration = RunRegistrationAsync(register);
            }

            return _registration;
        }
    }

    /// <summary>
    /// Adds a subscriber, first giving it the replayed frames and then whatever arrived live since, so it sees
    /// every seq once and in order. Null when the feed was closed meanwhile (ask the hub for a fresh one).
    /// </summary>
    public SpaceSubscription? TryAttach(ClientConnection connection, long? sinceSeq, IReadOnlyList<(long Seq, ReadOnlyMemory<byte> Frame)> replay, (long Seq, ReadOnlyMemory<byte> Frame)? resync)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            var subscription = new SpaceSubscription(connection, sinceSeq ?? _lastSeq);
            if (resync is { } snapshot)
            {
                subscription.Restart(snapshot.Seq, snapshot.Frame);
            }

            foreach (var (seq, frame) in replay.Concat(_recent))
            {
                subscription.Deliver(seq, frame);
            }

            _subscribers.Add(subscription);
            return subscription;
        }
    }

    public void Detach(SpaceSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    /// <summary>Closes the feed if nobody is subscribed; the hub then forgets it and unregisters from the grain.</summary>
    public bool TryClose()
    {
        lock (_gate)
        {
            _closed = _subscribers.Count == 0;
            return _closed;
        }
    }

    private async Task RunRegistrationAsync(Func<Task<long>> register)
    {
        var currentSeq = await register();
        lock (_gate)
        {
            _lastSeq = Math.Max(_lastSeq, currentSeq);
        }
    }
}

/// <summary>One socket's subscription to one Space: remembers the last seq it was sent.</summary>
internal sealed class SpaceSubscription(ClientConnection connection, long lastSeq)
{
    public ClientConnection Connection => connection;

    public long LastSeq { get; private set; } = lastSeq;

    public void Deliver(long seq, ReadOnlyMemory<byte> frame)
    {
        if (seq <= LastSeq)
        {
            return;
        }

        LastSeq = seq;
        connection.Send(frame);
    }

    /// <summary>A resync replaces whatever the client had: continue from its seq.</summary>
    public void Restart(long seq, ReadOnlyMemory<byte> frame)
    {
        LastSeq = seq;
        connection.Send(frame);
    }
}
