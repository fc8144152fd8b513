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

    /// <summary>The seq the Space had when this recorder subscribed.</summary>
    public long SubscribedAtSeq { get; private set; }

    /// <summary>Events that arrived and were not taken yet.</summary>
    public int Pending => _inbox.Reader.Count;

    public static async Task<EventRecorder> SubscribeAsync(IClusterClient client, ISpaceGrain space)
    {
        var recorder = new EventRecorder();
        recorder._reference = client.CreateObjectReference<ISpaceEventObserver>(recorder);
        recorder.SubscribedAtSeq = await space.SubscribeAsync(recorder._reference);
        return recorder;
    }

    public Task UnsubscribeAsync(ISpaceGrain space) => space.UnsubscribeAsync(_reference!);

    public Task OnSpaceEventAsync(SpaceEvent spaceEvent) => _inbox.Writer.WriteAsync(spaceEvent).AsTask();

    /// <summary>
    /// Waits for the next <paramref name="count"/> events and returns them in seq order. One-way observer calls
    /// may arrive out of order (see <c>EventTests.Observer_receives_a_burst_of_events_in_seq_order</c>).
    /// </summary>
    public async Task<IReadOnlyList<SpaceEvent>> NextAsync(int count) => [.. (await NextInArrivalOrderAsync(count)).OrderBy(e => e.Seq)];

    /// <summary>Waits for the next <paramref name="count"/> events and returns them as they arrived.</summary>
    public async Task<IReadOnlyList<SpaceEvent>> NextInArrivalOrderAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var next = new List<SpaceEvent>(count);
        while (next.Count < count)
        {
            next.Add(await _inbox.Reader.ReadAsync(timeout.Token));
        }

        return next;
    }
}
