using System.Threading.Channels;

namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>
/// A gateway's inbox played by the test: an <see cref="ISpaceEventObserver"/> registered through the cluster
/// client, queuing every event until the test takes it.
/// </summary>
public sealed class EventRecorder : ISpaceEventObserver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Channel<SpaceEvent> _inbox = Channel.CreateUnbounded<SpaceEvent>();

    // The client tracks local observer objects weakly: the test holds the recorder, the recorder its reference.
    private ISpaceEventObserver? _reference;

    // Events that arrived before the one the next delivery needs, by seq; and the seq delivered last.
    private readonly Dictionary<long, SpaceEvent> _early = [];
    private long _delivered;

    /// <summary>The seq the Space had when this recorder subscribed.</summary>
    public long SubscribedAtSeq { get; private set; }

    /// <summary>Events that arrived and were not taken yet.</summary>
    public int Pending => _inbox.Reader.Count + _early.Count;

    public static async Task<EventRecorder> SubscribeAsync(IClusterClient client, ISpaceGrain space)
    {
        var recorder = new EventRecorder();
        recorder._reference = client.CreateObjectReference<ISpaceEventObserver>(recorder);
        recorder.SubscribedAtSeq = await space.SubscribeAsync(recorder._reference);
        recorder._delivered = recorder.SubscribedAtSeq;
        return recorder;
    }

    public Task UnsubscribeAsync(ISpaceGrain space) => space.UnsubscribeAsync(_reference!);

    public Task OnSpaceEventAsync(SpaceEvent spaceEvent) => _inbox.Writer.WriteAsync(spaceEvent).AsTask();

    /// <summary>
    /// Waits for the next <paramref name="count"/> events, in seq order, as a gateway delivers them. One-way observer
    /// messages may overtake each other on the way (seq 4 was seen before seq 3 of the same turn), so, like the
    /// gateway's feed, the recorder holds an early event until the gap before it fills — and fails on a seq that
    /// arrives twice or after a later one was delivered, which no sorting would show.
    /// </summary>
    public async Task<IReadOnlyList<SpaceEvent>> NextAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var next = new List<SpaceEvent>(count);
        while (next.Count < count)
        {
            if (_early.Remove(_delivered + 1, out var held))
            {
                next.Add(Deliver(held));
                continue;
            }

            var arrived = await _inbox.Reader.ReadAsync(timeout.Token);
            Assert.True(arrived.Seq > _delivered && !_early.ContainsKey(arrived.Seq), $"seq {arrived.Seq} arrived twice or after seq {_delivered}");
            if (arrived.Seq == _delivered + 1)
            {
                next.Add(Deliver(arrived));
            }
            else
            {
                _early.Add(arrived.Seq, arrived);
            }
        }

        return next;
    }

    private SpaceEvent Deliver(SpaceEvent spaceEvent)
    {
        _delivered = spaceEvent.Seq;
        return spaceEvent;
    }
}
