using Orleans.Core.Internal;
using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// The notification routes: a partition grain hands a user's notification once to every gateway that holds the
/// user and renewed within the lease, and to no other. Gateways are played by <see cref="NotificationRecorder"/>s
/// (the one double here); the clock is the silo's fake one. "Nothing arrived" is shown by a later notification
/// that did arrive, never by waiting.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationRoutesTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_users_notification_reaches_every_gateway_holding_them_and_no_other()
    {
        var (partition, users) = UsersOfOnePartition(2);
        var (user, other) = (users[0], users[1]);
        var routes = Routes(partition);
        var (phone, laptop, elsewhere) = (Gateway(), Gateway(), Gateway());
        await routes.AttachAsync(phone.Gateway, user);
        await routes.AttachAsync(laptop.Gateway, user);
        await routes.AttachAsync(elsewhere.Gateway, other);

        var invitation = NewNotification();
        await cluster.User(user).NotifyAsync(invitation);

        Assert.Equal([(user, invitation.Id)], await phone.WaitForAsync(invitation.Id));
        Assert.Equal([(user, invitation.Id)], await laptop.WaitForAsync(invitation.Id));
        var marker = NewNotification();
        await routes.DeliverAsync(other, marker);
        Assert.Equal([(other, marker.Id)], await elsewhere.WaitForAsync(marker.Id));
    }

    [Fact]
    public async Task A_gateway_that_stops_renewing_is_dropped_once_its_lease_passes()
    {
        var (partition, users) = UsersOfOnePartition(1);
        var user = users[0];
        var routes = Routes(partition);
        var (silent, renewing) = (Gateway(), Gateway());
        await routes.AttachAsync(silent.Gateway, user);
        await routes.AttachAsync(renewing.Gateway, user);
        var before = NewNotification();
        await routes.DeliverAsync(user, before);
        await silent.WaitForAsync(before.Id);
        await renewing.WaitForAsync(before.Id);

        cluster.Time.Advance(cluster.Options.EventObserverExpiry - TimeSpan.FromSeconds(1));
        await routes.RenewAsync(renewing.Gateway, [user]);
        cluster.Time.Advance(TimeSpan.FromSeconds(2));
        var after = NewNotification();
        var marker = NewNotification();
        await routes.DeliverAsync(user, after);
        await routes.DeliverAsync(user, marker);

        Assert.Equal(new[] { before.Id, after.Id, marker.Id }.Order(), (await renewing.WaitForAsync(after.Id, marker.Id)).Select(r => r.NotificationId).Order());
        Assert.Equal([(user, before.Id)], silent.Received);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_user_the_gateway_let_go_of_is_no_longer_routed_there(bool byRenewal)
    {
        var (routes, gateway, users) = await OneGatewayHoldingAsync(2);
        var (gone, stayed) = (users[0], users[1]);

        // A renewal replaces the gateway's users in the partition; a detach removes one.
        await (byRenewal ? routes.RenewAsync(gateway.Gateway, [stayed]) : routes.DetachAsync(gateway.Gateway.Id, gone));
        var missed = NewNotification();
        var heard = NewNotification();
        await routes.DeliverAsync(gone, missed);
        await routes.DeliverAsync(stayed, heard);

        Assert.Equal([(stayed, heard.Id)], await gateway.WaitForAsync(heard.Id));
    }

    [Fact]
    public async Task A_fresh_activation_of_the_partition_routes_again_after_one_renewal()
    {
        var (routes, gateway, users) = await OneGatewayHoldingAsync(1);
        var user = users[0];

        var deactivated = cluster.Cluster.WaitForDeactivationAsync(routes.GetGrainId());
        await routes.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await deactivated;
        // Delivery is one-way and Orleans does not order messages, so a second gateway attached to the fresh
        // activation shows when the notification before the renewal was handled.
        var witness = Gateway();
        await routes.AttachAsync(witness.Gateway, user);
        var lost = NewNotification();
        await routes.DeliverAsync(user, lost);
        await witness.WaitForAsync(lost.Id);
        await routes.RenewAsync(gateway.Gateway, [user]);
        var heard = NewNotification();
        await routes.DeliverAsync(user, heard);

        // The fresh activation knew no gateway until the renewal: the notification before it went nowhere.
        Assert.Equal([(user, heard.Id)], await gateway.WaitForAsync(heard.Id));
    }

    [Fact]
    public async Task Concurrent_attaches_of_many_users_into_one_partition_all_route()
    {
        var (partition, users) = UsersOfOnePartition(120);
        var routes = Routes(partition);
        var (everyone, evens) = (Gateway(), Gateway());
        var evenUsers = users.Where((_, i) => i % 2 == 0).ToList();

        await Task.WhenAll(
            users.Select(u => routes.AttachAsync(everyone.Gateway, u))
                .Concat(evenUsers.Select(u => routes.AttachAsync(evens.Gateway, u))));
        var sent = users.ToDictionary(u => u, _ => NewNotification());
        await Task.WhenAll(sent.Select(pair => routes.DeliverAsync(pair.Key, pair.Value)));

        var all = await everyone.WaitForAsync([.. sent.Values.Select(n => n.Id)]);
        Assert.Equal(sent.Select(pair => (pair.Key, pair.Value.Id)).Order(), all.Order());
        var even = await evens.WaitForAsync([.. evenUsers.Select(u => sent[u].Id)]);
        Assert.Equal(evenUsers.Select(u => (u, sent[u].Id)).Order(), even.Order());
    }

    /// <summary>One gateway that attached <paramref name="count"/> new users of one partition.</summary>
    private async Task<(INotificationRoutesGrain Routes, NotificationRecorder Gateway, IReadOnlyList<string> Users)> OneGatewayHoldingAsync(int count)
    {
        var (partition, users) = UsersOfOnePartition(count);
        var routes = Routes(partition);
        var gateway = Gateway();
        foreach (var user in users)
        {
            await routes.AttachAsync(gateway.Gateway, user);
        }

        return (routes, gateway, users);
    }

    private INotificationRoutesGrain Routes(int partition) => cluster.Client.GetGrain<INotificationRoutesGrain>(partition);

    private NotificationRecorder Gateway() => NotificationRecorder.Create(cluster.Client);

    private static Notification NewNotification() =>
        new($"n-{Guid.NewGuid():N}", NotificationKind.SpeakerInvitation, TestIds.Space(), "Come up", "host", DateTimeOffset.UtcNow);

    /// <summary>New user ids that share a partition (a random one per test, so tests do not meet in one).</summary>
    private static (int Partition, IReadOnlyList<string> Users) UsersOfOnePartition(int count)
    {
        var partition = Random.Shared.Next(NotificationRoutes.Partitions);
        var users = new List<string>(count);
        while (users.Count < count)
        {
            var candidate = TestIds.User();
            if (NotificationRoutes.PartitionOf(candidate) == partition)
            {
                users.Add(candidate);
            }
        }

        return (partition, users);
    }
}
