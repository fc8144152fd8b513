using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Realtime;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>
/// How notifications find a user's sockets over real sockets: through the notification routes partition of the
/// user, attached on the first socket and detached after the last, without the user's grain being activated for it.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class NotificationRoutingTests(RealtimeHost host)
{
    private Api Api => host.Api;

    private IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Both_sockets_of_a_user_hear_a_notification_and_a_socket_opened_after_all_closed_hears_the_next()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var invitee = await Api.ListenerAsync(spaceId, "invitee");
        var phone = await EventClient.ConnectReadyAsync(Api, invitee.Token);
        var laptop = await EventClient.ConnectReadyAsync(Api, invitee.Token);

        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/speakers/{invitee.Id}", hostUser.Token), HttpStatusCode.OK);
        foreach (var socket in new[] { phone, laptop })
        {
            Assert.Equal("speaker_invitation", (await socket.NextEventAsync("notification"))["notification"]!["kind"]!.GetValue<string>());
        }

        // Closing one socket leaves the user routed to the other.
        await phone.DisposeAsync();
        var second = await NotifyAsync(invitee.Id);
        Assert.Equal(second.Id, (await laptop.NextEventAsync("notification"))["notification"]!["id"]!.GetValue<string>());

        // After the last socket closed (a detach) and a new one opened (an attach), the user is routed again.
        await laptop.DisposeAsync();
        await using var tablet = await EventClient.ConnectReadyAsync(Api, invitee.Token);
        var third = await NotifyAsync(invitee.Id);
        Assert.Equal(third.Id, (await tablet.NextEventAsync("notification"))["notification"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Connecting_sockets_activates_no_user_grain()
    {
        // Tokens minted here, not by /v1/dev/token, which registers (activates) the user.
        var issuer = host.Services.GetRequiredService<DevTokenIssuer>();
        var users = Enumerable.Range(0, 20).Select(_ => Api.NewUserId("quiet")).ToList();
        var sockets = new List<EventClient>();
        try
        {
            foreach (var user in users)
            {
                sockets.Add(await EventClient.ConnectReadyAsync(Api, issuer.Issue(user, user, [])));
            }

            var registered = await Api.UserAsync("registered");
            var userGrainType = Grains.GetGrain<IUserGrain>(users[0]).GetGrainId().Type;
            var active = (await Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(userGrainType)).Select(id => id.Key.ToString()).ToList();
            Assert.Contains(registered.Id, active); // the count sees user grains: this one registered through /v1/dev/token
            Assert.DoesNotContain(active, users.Contains);

            // Routed all the same: a notification through the partition reaches the socket.
            var notification = NewNotification();
            await Grains.GetGrain<INotificationRoutesGrain>(NotificationRoutes.PartitionOf(users[7])).DeliverAsync(users[7], notification);
            Assert.Equal(notification.Id, (await sockets[7].NextEventAsync("notification"))["notification"]!["id"]!.GetValue<string>());
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task After_its_partition_lost_its_routes_a_renewal_round_routes_the_user_again()
    {
        var user = await Api.UserAsync("renewed");
        await using var socket = await EventClient.ConnectReadyAsync(Api, user.Token);
        var routes = Grains.GetGrain<INotificationRoutesGrain>(NotificationRoutes.PartitionOf(user.Id));

        await routes.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await host.Services.GetRequiredService<NotificationHub>().RenewAllAsync();
        var notification = await NotifyAsync(user.Id);

        Assert.Equal(notification.Id, (await socket.NextEventAsync("notification"))["notification"]!["id"]!.GetValue<string>());
    }

    private async Task<Notification> NotifyAsync(string userId)
    {
        var notification = NewNotification();
        await Grains.GetGrain<IUserGrain>(userId).NotifyAsync(notification);
        return notification;
    }

    private static Notification NewNotification() =>
        new($"n-{Guid.NewGuid():N}", NotificationKind.SpaceStarted, "AbCdEfGhIjK12", "Live now", null, DateTimeOffset.UtcNow);
}
