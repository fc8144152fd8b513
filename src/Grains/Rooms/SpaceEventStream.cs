using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// A Space's outgoing events: per-Space seqs (reserved in blocks in the record, so they never repeat across
/// activations), the replay log for resuming clients, one observer per gateway (architecture rule 2) and the
/// registered sinks. The grain decides what happened; this type numbers it and sends it.
/// </summary>
internal sealed class SpaceEventStream
{
    /// <summary>Seqs are reserved in blocks so that only one write in this many events is for the counter.</summary>
    private const long SeqBlock = 1000;

    private readonly string _spaceId;
    private readonly TimeProvider _time;
    private readonly SpacesMetrics _metrics;
    private readonly IEnumerable<ISpaceEventSink> _sinks;
    private readonly ObserverManager<ISpaceEventObserver> _gateways;
    private readonly EventLog _log;
    private long _seq;

    public SpaceEventStream(string spaceId, SpacesOptions options, TimeProvider time, SpacesMetrics metrics, IEnumerable<ISpaceEventSink> sinks, ILogger logger)
    {
        _spaceId = spaceId;
        _time = time;
        _metrics = metrics;
        _sinks = sinks;
        _gateways = new ObserverManager<ISpaceEventObserver>(options.EventObserverExpiry, logger)
        {
            GetDateTime = () => time.GetUtcNow().UtcDateTime,
        };
        _log = new EventLog(options.EventReplayCapacity);
    }

    /// <summary>The seq of the last event sent.</summary>
    public long Seq => _seq;

    /// <summary>Continues above every seq an earlier activation may have handed out.</summary>
    public void Resume(SpaceRecord record) => _seq = record.SeqReservedUpTo;

    /// <summary>Makes room for <paramref name="count"/> more seqs; true when the record changed and must be written first.</summary>
    public bool Reserve(SpaceRecord record, int count)
    {
        if (_seq + count <= record.SeqReservedUpTo)
        {
            return false;
        }

        record.SeqReservedUpTo = _seq + count + SeqBlock;
        return true;
    }

    /// <summary>Numbers the event and sends it once to each gateway with subscribers, then to the sinks.</summary>
    public async Task SendAsync(SpaceEvent spaceEvent)
    {
        var sequenced = spaceEvent with { SpaceId = _spaceId, Seq = ++_seq, At = _time.GetUtcNow() };
        _log.Append(sequenced);
        await _gateways.Notify(gateway => gateway.OnSpaceEventAsync(sequenced));
        _metrics.Published(sequenced, _gateways.Count);
        foreach (var sink in _sinks)
        {
            await sink.OnSpaceEventAsync(sequenced);
        }
    }

    public long Subscribe(ISpaceEventObserver observer)
    {
        _gateways.Subscribe(observer, observer);
        return _seq;
    }

    public void Unsubscribe(ISpaceEventObserver observer) => _gateways.Unsubscribe(observer);

    /// <summary>The buffered events after <paramref name="afterSeq"/>, or a resync carrying <paramref name="current"/> when some are gone.</summary>
    public EventReplay Since(long afterSeq, Func<SpaceView> current) =>
        _log.After(afterSeq, _seq) is { } events
            ? new EventReplay(events, null)
            : new EventReplay([], new Resync(current()) { SpaceId = _spaceId, Seq = _seq, At = _time.GetUtcNow() });
}
