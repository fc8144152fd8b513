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
    private readonly SortedDictionary<long, ReadOnlyMemory<byte>> _early = [];
    private long _lastSeq;
    private bool _gapOpen;
    private Task? _registration;
    private bool _closed;

    public string SpaceId => spaceId;

    /// <summary>The last seq handed to subscribers.</summary>
    public long LastSeq
    {
        get
        {
            lock (_gate)
            {
                return _lastSeq;
            }
        }
    }

    /// <summary>
    /// Hands an event to every subscriber in seq order. Grain-to-gateway messages are one-way and may overtake
    /// each other, so an event that arrives ahead of a gap waits until the gap fills (or is given up on with
    /// <see cref="FlushGap"/>); a duplicate, e.g. after a re-registration, is dropped.
    /// </summary>
    public DispatchOutcome Dispatch(long seq, ReadOnlyMemory<byte> frame)
    {
        lock (_gate)
        {
            if (seq <= _lastSeq || _early.ContainsKey(seq))
            {
                return default;
            }

            if (_lastSeq != 0 && seq != _lastSeq + 1)
            {
                _early[seq] = frame;
                var opened = !_gapOpen;
                _gapOpen = true;
                return new DispatchOutcome(0, opened);
            }

            var delivered = Deliver(seq, frame);
            while (_early.Remove(_lastSeq + 1, out var next))
            {
                delivered += Deliver(_lastSeq + 1, next);
            }

            _gapOpen = _early.Count > 0;
            return new DispatchOutcome(delivered, false);
        }
    }

    /// <summary>Gives up on a gap that did not fill: what waits behind it goes out in order, and clients see the jump in seq.</summary>
    public int FlushGap()
    {
        lock (_gate)
        {
            var delivered = 0;
            foreach (var (seq, frame) in _early)
            {
                delivered += Deliver(seq, frame);
            }

            _early.Clear();
            _gapOpen = false;
            return delivered;
        }
    }

    private int Deliver(long seq, ReadOnlyMemory<byte> frame)
    {
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

    /// <summary>
    /// A resync replaces what subscribers had (events were lost for good, e.g. with the grain's buffer in a crash):
    /// each subscriber gets the snapshot and continues from its seq; parked frames it covers are dropped.
    /// </summary>
    public int Restart(long seq, ReadOnlyMemory<byte> frame)
    {
        lock (_gate)
        {
            if (seq <= _lastSeq)
            {
                return 0;
            }

            _lastSeq = seq;
            foreach (var covered in _early.Keys.Where(parked => parked <= seq).ToList())
            {
                _early.Remove(covered);
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Restart(seq, frame);
            }

            return _subscribers.Count;
        }
    }

    /// <summary>
    /// Registers this gateway with the grain once (again after a failure, or when <paramref name="renew"/>). When the
    /// grain turns out to be past this feed's last seq with no event on its way to show it — events were sent while
    /// this gateway was not registered (a reactivated grain knows no observers until the next renewal) — that
    /// registration calls <paramref name="fillGap"/> once, however many callers await it.
    /// </summary>
    public Task RegisterAsync(Func<Task<long>> register, Action fillGap, bool renew = false)
    {
        lock (_gate)
        {
            if (_registration is null || _registration.IsFaulted || renew && _registration.IsCompleted)
            {
                _registration = RunRegistrationAsync(register, fillGap);
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

            var subscription = new SpaceSubscription(spaceId, connection, sinceSeq ?? _lastSeq);
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

    private async Task RunRegistrationAsync(Func<Task<long>> register, Action fillGap)
    {
        var currentSeq = await register();
        lock (_gate)
        {
            // The first registration sets the starting point; a later one that finds the grain ahead opens a gap,
            // unless one is open already (then its filling covers this too).
            if (_lastSeq == 0)
            {
                _lastSeq = currentSeq;
                return;
            }

            if (currentSeq <= _lastSeq || _gapOpen)
            {
                return;
            }

            _gapOpen = true;
        }

        fillGap();
    }
}

/// <summary>What one dispatch did: frames queued to sockets, and whether it opened a gap to be filled.</summary>
internal readonly record struct DispatchOutcome(int Delivered, bool GapOpened);

/// <summary>One socket's subscription to one Space: remembers the last seq it was sent.</summary>
internal sealed class SpaceSubscription(string spaceId, ClientConnection connection, long lastSeq)
{
    public string SpaceId => spaceId;

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
