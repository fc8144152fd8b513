using Spaces.Grains.Tests.Infrastructure;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Webhooks;

namespace Spaces.Grains.Tests.Recordings;

/// <summary>
/// A Space's recording as LiveKit sees it: the file egress the Space started on the LiveKit test server, moved on the
/// way an egress worker would (<see cref="Spaces.LiveKit.Testing.LiveKitTestServer.AdvanceEgress"/>), and the egress
/// webhooks of each move delivered to the Space.
/// </summary>
public sealed class RecordingScenario(ClusterFixture cluster, string spaceId)
{
    public static readonly TimeSpan RecordedFor = TimeSpan.FromSeconds(30);

    /// <summary>The file egresses LiveKit was asked to start for this Space, in order.</summary>
    public IReadOnlyList<EgressInfo> FileEgresses =>
        [.. cluster.LiveKit.Egresses.Where(e => e.RoomName == spaceId && e.RoomComposite is { FileOutputs.Count: > 0 })];

    /// <summary>Waits until the Space has started its <paramref name="count"/>th file egress, and returns it.</summary>
    public async Task<EgressInfo> StartedAsync(int count = 1)
    {
        var egresses = await Eventually.MatchesAsync(
            () => Task.FromResult(FileEgresses), found => found.Count >= count, $"file egress #{count} of {spaceId}");
        Assert.Equal(count, egresses.Count);
        return egresses[count - 1];
    }

    /// <summary>The worker joined: egress_started (active).</summary>
    public Task ActiveAsync(EgressInfo egress) => DeliverAsync(WebhookEventNames.EgressStarted, cluster.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Active));

    /// <summary>Waits until the Space asked LiveKit to stop the egress (it is ending).</summary>
    public Task StoppedAsync(EgressInfo egress) => Eventually.TrueAsync(
        () => Task.FromResult(FileEgresses.Single(e => e.EgressId == egress.EgressId).Status == EgressStatus.Ending), $"stop of {egress.EgressId}");

    /// <summary>Time passes while it records, then the worker finishes with <paramref name="status"/>: egress_ended.</summary>
    public Task EndedAsync(EgressInfo egress, EgressStatus status = EgressStatus.Complete, string? error = null)
    {
        cluster.Time.Advance(RecordedFor);
        return DeliverAsync(WebhookEventNames.EgressEnded, cluster.LiveKit.AdvanceEgress(egress.EgressId, status, error));
    }

    /// <summary>Started, active, then the Space ends (which stops it) and the file is written.</summary>
    public async Task RecordUntilTheEndAsync(ISpaceGrain space, string hostId)
    {
        var egress = await StartedAsync();
        await ActiveAsync(egress);
        await space.EndAsync(hostId);
        await StoppedAsync(egress);
        await EndedAsync(egress);
    }

    private Task DeliverAsync(string name, EgressInfo egress) => cluster.SendEgressWebhookAsync(cluster.Space(spaceId), name, egress);
}
