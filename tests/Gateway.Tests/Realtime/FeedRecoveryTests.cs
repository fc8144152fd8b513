using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Spaces.Contracts;
using Spaces.Gateway.Realtime;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Infrastructure.EventClient;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>
/// A Space that comes back in a new activation (as after its silo crashed) knows no gateway until the next renewal
/// round, numbers its events from a new block and has no replay log: whatever it sent meanwhile is lost to this
/// gateway's subscribers, who must be told so with a resync rather than left waiting.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class FeedRecoveryTests(RealtimeHost host)
{
    private Api Api => host.Api;

    [Fact]
    public async Task An_event_sent_before_the_renewal_reaches_a_reactivated_space_ends_in_a_resync_for_its_subscribers()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var listener = await Api.ListenerAsync(spaceId);
        await using var watcher = await EventClient.ConnectAsync(Api, hostUser.Token);
        var subscribedAt = (await watcher.SubscribeAsync(spaceId))["seq"]!.GetValue<long>();

        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISpaceGrain>(spaceId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        // Presence went with the activation: the listener joins again, then raises a hand.
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", listener.Token), HttpStatusCode.OK);
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener.Token), HttpStatusCode.NoContent);
        await host.Services.GetRequiredService<SpaceFeedHub>().RenewAllAsync();

        var resync = await watcher.NextEventAsync("resync");
        Assert.Equal(spaceId, resync["space"]!["id"]!.GetValue<string>());
        Assert.True(Seq(resync) > subscribedAt, $"resync at seq {Seq(resync)}, subscribed at {subscribedAt}");
    }
}
