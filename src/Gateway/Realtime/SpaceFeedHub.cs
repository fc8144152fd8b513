using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spaces.Contracts;

namespace Spaces.Gateway.Realtime;

/// <summary>
/// This gateway's end of fan-out (architecture rule 2): one observer registered with each Space that has
/// local subscribers, so a grain sends each event once per gateway; here it is serialized once and queued
/// to every local socket.
/// </summary>
internal sealed partial class SpaceFeedHub(
    IGrainFactory grains,
    RealtimeJson json,
    GatewayMetrics metrics,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<SpaceFeedHub> logger) : ObserverRenewalService(options, time), ISpaceEventObserver
{
    private readonly ConcurrentDictionary<string, SpaceFeed> _feeds = new(StringComparer.Ordinal);
    private ISpaceEventObserver? _reference;

    /// <summary>This hub as an Orleans observer reference; created on first use, when the grain runtime is up.</summary>
    private ISpaceEventObserver Reference => _reference ??= grains.CreateObjectReference<ISpaceEventObserver>(this);

    /// <summary>Spaces this gateway holds a feed for (subscribed, or waiting for the next renewal round to let go).</summary>
    public int FeedCount => _feeds.Count;

    public Task OnSpaceEventAsync(SpaceEvent spaceEvent)
    {
        if (_feeds.TryGetValue(spaceEvent.SpaceId, out var feed))
        {
            metrics.EventReceived();
            var outcome = feed.Dispatch(spaceEvent.Seq, json.SerializeEvent(spaceEvent));
            metrics.FramesFannedOut(outcome.Delivered);
            if (outcome.GapOpened)
            {
                _ = FillGapAsync(feed);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// An event overtook another, or a renewal found the grain ahead: wait briefly for the late one, then ask the
    /// grain's replay log for whatever is still missing (a resync when the log no longer has it, e.g. after the
    /// grain's silo crashed), and finally let the rest through in order.
    /// </summary>
    private async Task FillGapAsync(SpaceFeed feed)
    {
        await Task.Delay(Options.ReorderWait, Time);
        try
        {
            var replay = await grains.GetGrain<ISpaceGrain>(feed.SpaceId).GetEventsSinceAsync(feed.LastSeq);
            if (replay.Resync is { } snapshot)
            {
                metrics.FramesFannedOut(feed.Restart(snapshot.Seq, json.SerializeEvent(snapshot)));
            }

            foreach (var missed in replay.Events)
            {
                metrics.FramesFannedOut(feed.Dispatch(missed.Seq, json.SerializeEvent(missed)).Delivered);
            }
        }
        catch (Exception e)
        {
            LogGapFillFailed(logger, e, feed.SpaceId);
        }

        metrics.FramesFannedOut(feed.FlushGap());
    }

    /// <summary>
    /// Subscribes a socket to a Space, replaying from <paramref name="sinceSeq"/> when given. A failed subscribe (no
    /// such Space) leaves no feed behind: the next renewal would be too late under a scan of ids.
    /// </summary>
    public async Task<SpaceSubscription> SubscribeAsync(ClientConnection connection, string spaceId, long? sinceSeq)
    {
        var grain = grains.GetGrain<ISpaceGrain>(spaceId);
        await grain.EnsureMayWatchAsync(connection.UserId);
        while (true)
        {
            var feed = _feeds.GetOrAdd(spaceId, id => new SpaceFeed(id, Options.FeedRecentFrames));
            try
            {
                await RegisterAsync(feed, grain, renew: false);
                var replay = sinceSeq is { } since ? await grain.GetEventsSinceAsync(since) : null;
                var frames = replay?.Events.Select(e => (e.Seq, json.SerializeEvent(e))).ToList() ?? [];
                var resync = replay?.Resync is { } snapshot ? (snapshot.Seq, json.SerializeEvent(snapshot)) : ((long, ReadOnlyMemory<byte>)?)null;
                if (feed.TryAttach(connection, sinceSeq, frames, resync) is { } subscription)
                {
                    return subscription;
                }
            }
            catch (SpacesException)
            {
                if (feed.TryClose())
                {
                    _feeds.TryRemove(new KeyValuePair<string, SpaceFeed>(spaceId, feed));
                }

                throw;
            }
        }
    }

    public void Unsubscribe(SpaceSubscription subscription)
    {
        if (_feeds.TryGetValue(subscription.SpaceId, out var feed))
        {
            feed.Detach(subscription);
        }
    }

    /// <summary>Registers the feed's observer with the grain, and catches up when the grain turns out to be ahead.</summary>
    private Task RegisterAsync(SpaceFeed feed, ISpaceGrain grain, bool renew) =>
        feed.RegisterAsync(() => grain.SubscribeAsync(Reference), () => _ = FillGapAsync(feed), renew);

    protected internal override Task RenewAllAsync() => Task.WhenAll(_feeds.Values.Select(RenewAsync));

    private async Task RenewAsync(SpaceFeed feed)
    {
        var grain = grains.GetGrain<ISpaceGrain>(feed.SpaceId);
        try
        {
            if (feed.TryClose())
            {
                _feeds.TryRemove(new KeyValuePair<string, SpaceFeed>(feed.SpaceId, feed));
                await grain.UnsubscribeAsync(Reference);
            }
            else
            {
                await RegisterAsync(feed, grain, renew: true);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRenewalFailed(logger, e, feed.SpaceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filling a gap in Space {SpaceId}'s events failed; delivering what arrived")]
    private static partial void LogGapFillFailed(ILogger logger, Exception exception, string spaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing this gateway's subscription to Space {SpaceId} failed; retrying next round")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string spaceId);
}

/// <summary>The wire JSON of the realtime protocol: the HTTP API's snake_case options, applied once per frame.</summary>
internal sealed class RealtimeJson(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> options)
{
    public JsonSerializerOptions Options => options.Value.SerializerOptions;

    /// <summary>Always through the base type, so the frame carries its <c>type</c> discriminator.</summary>
    public ReadOnlyMemory<byte> SerializeEvent(SpaceEvent spaceEvent) => JsonSerializer.SerializeToUtf8Bytes(spaceEvent, Options);

    public ReadOnlyMemory<byte> SerializeControl(ControlFrame frame) => JsonSerializer.SerializeToUtf8Bytes(frame, Options);
}
