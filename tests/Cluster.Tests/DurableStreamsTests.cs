using Spaces.Cluster.Tests.Infrastructure;
using Spaces.Contracts.Analytics;
using Xunit.Abstractions;

namespace Spaces.Cluster.Tests;

/// <summary>
/// Analytics on the durable stream provider (Orleans' ADO.NET streams on the cluster's PostgreSQL): silo processes
/// on 127.0.0.1, and analytics jobs as external Orleans clients of their own. The scripted session reaches a live
/// subscriber completely and in seq order across a restart of the silo hosting the Space, and a job that was down
/// gets what it missed from the cluster's archive.
/// </summary>
public sealed class DurableStreamsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Events_published_on_the_durable_provider_reach_a_live_subscriber_in_order_and_the_archive()
    {
        await using var database = await DurableStreamsDatabase.CreateAsync();
        await using var cluster = new ProcessCluster(database);
        await cluster.StartSiloAsync();
        await using var consumer = await AnalyticsConsumer.StartAsync(cluster, database, subscribeLive: true);
        var spaceId = $"probe-{Guid.NewGuid():N}";
        var stream = consumer.Client.GetStreamProvider(AnalyticsStreams.ProviderName)
            .GetStream<AnalyticsEvent>(AnalyticsStreams.FirehoseStreamOf(spaceId));
        const int Count = 25;
        for (var seq = 1; seq <= Count; seq++)
        {
            await stream.OnNextAsync(new StageEvent { EventId = $"{spaceId}/{seq}", SpaceId = spaceId, Seq = seq, UserId = "u", Action = StageAction.HandRaised });
        }

        var live = await consumer.WaitForAsync(spaceId, events => events.Count == Count, Delivery);
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), live.Select(e => e.Seq));
        await using var job = await AnalyticsConsumer.StartAsync(cluster, database, subscribeLive: false);
        var archived = await job.WaitForAsync(spaceId, events => events.Count == Count, Delivery, readArchive: true);
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), archived.Select(e => e.Seq));
        var partition = AnalyticsStreams.FirehosePartitionOf(spaceId);
        Assert.Equal(Count, job.Checkpoints[partition]); // positions 1…25 over 2 sealed pages of 10 and the tail
        Assert.Empty((await job.Client.ReadAsync(partition, Count, 10)).Events);
    }

    [Fact]
    public async Task A_live_subscriber_sees_the_whole_session_in_seq_order_across_a_restart_of_the_Space_s_silo()
    {
        await using var database = await DurableStreamsDatabase.CreateAsync();
        await using var cluster = new ProcessCluster(database);
        await Task.WhenAll(cluster.StartSiloAsync(), cluster.StartSiloAsync());
        await cluster.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(60));
        await using var consumer = await AnalyticsConsumer.StartAsync(cluster, database, subscribeLive: true);
        var session = new ScriptedSession(consumer.Client);

        await session.FirstHalfAsync();
        var before = await consumer.WaitForAsync(session.SpaceId, events => events.Any(e => e is ReactionBatch), Delivery);
        var host = await cluster.HostOfAsync(consumer.Client.GetGrain<ISpaceGrain>(session.SpaceId));
        host.Stop(); // SIGTERM: it leaves the membership as Dead, so the newcomer takes fresh ports
        await cluster.StartSiloAsync();
        await cluster.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(60));
        await session.SecondHalfAsync();

        var events = await consumer.WaitForAsync(session.SpaceId, session.IsComplete, Delivery);
        session.AssertTold(events);
        var seqs = events.Where(e => e.Seq > 0).Select(e => e.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs); // first seen in order, none missing
        output.WriteLine($"{events.Count} distinct events ({before.Count} before the restart), {consumer.DuplicatesDropped} duplicates dropped");
    }

    [Fact]
    public async Task A_job_that_was_down_gets_what_happened_while_away_from_the_archive()
    {
        await using var database = await DurableStreamsDatabase.CreateAsync();
        await using var cluster = new ProcessCluster(database);
        await Task.WhenAll(cluster.StartSiloAsync(), cluster.StartSiloAsync());
        await cluster.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(60));
        var grains = await cluster.ClientAsync();
        var session = new ScriptedSession(grains);

        // The job runs through the first half, notes how far it read the archive, and goes down.
        var firstRun = await AnalyticsConsumer.StartAsync(cluster, database, subscribeLive: true);
        await session.FirstHalfAsync();
        await firstRun.WaitForAsync(session.SpaceId, events => events.Any(e => e is ReactionBatch), Delivery);
        await firstRun.CatchUpAsync();
        var seenBefore = firstRun.Of(session.SpaceId).Select(e => e.EventId).ToHashSet();
        await firstRun.DisposeAsync();

        await session.SecondHalfAsync();

        // Back up: the checkpoint and the ids it had, then the archive from there.
        await using var secondRun = await AnalyticsConsumer.StartAsync(cluster, database, subscribeLive: false);
        secondRun.Resume(firstRun);
        var events = await secondRun.WaitForAsync(session.SpaceId, session.IsComplete, Delivery, readArchive: true);

        session.AssertTold(events);
        var missed = events.Where(e => !seenBefore.Contains(e.EventId)).ToList();
        Assert.Contains(missed, e => e is SpaceLifecycleEvent { Change: LifecycleChange.Ended });
        Assert.Contains(missed, e => e is TicketRefundEvent);
        Assert.Equal(missed.Count, secondRun.FromArchive); // it is not subscribed: all it missed came from the archive
        output.WriteLine($"{seenBefore.Count} events seen before going down, {missed.Count} caught up from the archive, {secondRun.DuplicatesDropped} duplicates dropped");
    }
}
