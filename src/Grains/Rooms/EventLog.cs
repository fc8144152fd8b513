using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>The last N events of a Space, for clients that resume with <c>since_seq</c>.</summary>
internal sealed class EventLog(int capacity)
{
    private readonly Queue<SpaceEvent> _events = new(capacity);

    public void Append(SpaceEvent spaceEvent)
    {
        if (_events.Count == capacity)
        {
            _events.Dequeue();
        }

        _events.Enqueue(spaceEvent);
    }

    /// <summary>The events after <paramref name="afterSeq"/>, or null when some of them were already dropped.</summary>
    public IReadOnlyList<SpaceEvent>? After(long afterSeq, long currentSeq)
    {
        if (afterSeq == currentSeq)
        {
            return [];
        }

        // Seqs jump after a reactivation and the log starts empty then, so this also answers "resync" across one;
        // a seq from the future (a client's own invention) gets a resync too.
        if (afterSeq > currentSeq || !_events.TryPeek(out var oldest) || oldest.Seq > afterSeq + 1)
        {
            return null;
        }

        return _events.Where(e => e.Seq > afterSeq).ToList();
    }
}
