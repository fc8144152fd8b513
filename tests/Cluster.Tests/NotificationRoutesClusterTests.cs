using System.Diagnostics;
using System.Text.Json.Nodes;
using Spaces.Cluster.Tests.Infrastructure;
using Spaces.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spaces.Cluster.Tests;

/// <summary>
/// Notifications across processes: two silos and two client-mode gateways on 127.0.0.1, one user with a socket on
/// each gateway. A notification reaches both sockets; after the silo hosting the user's notification routes
/// partition is killed (SIGKILL: the routes in its memory are gone), the gateways' next renewal (every second
/// here) routes the user again on the surviving silo. The recovery time goes to the test output.
/// </summary>
public sealed class NotificationRoutesClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_users_sockets_on_two_gateways_hear_a_notification_also_after_the_routes_silo_is_killed()
    {
        await using var database = await PostgreSqlClusterDatabase.CreateAsync();
        await using var cluster = new ProcessCluster(database);
        await Task.WhenAll(cluster.StartSiloAsync(), cluster.StartSiloAsync());
        await cluster.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(60));
        var gateways = await Task.WhenAll(cluster.StartGatewayAsync(), cluster.StartGatewayAsync());
        using var first = new Api(new HttpClient { BaseAddress = gateways[0].Address, Timeout = TimeSpan.FromSeconds(40) }, gateways[0].Address);
        using var second = new Api(new HttpClient { BaseAddress = gateways[1].Address, Timeout = TimeSpan.FromSeconds(40) }, gateways[1].Address);
        var fan = await first.UserAsync("fan");
        await using var phone = await EventClient.ConnectReadyAsync(first, fan.Token);
        await using var laptop = await EventClient.ConnectReadyAsync(second, fan.Token);
        var client = await cluster.ClientAsync();

        await NotifyUntilBothHearAsync(client, fan.Id, phone, laptop, TimeSpan.FromSeconds(10));

        var routes = client.GetGrain<INotificationRoutesGrain>(NotificationRoutes.PartitionOf(fan.Id));
        ProcessCluster.Kill(await cluster.HostOfAsync(routes));
        var clock = Stopwatch.StartNew();
        await NotifyUntilBothHearAsync(client, fan.Id, phone, laptop, RecoveryBudget);
        output.WriteLine($"recovery (SIGKILL of the routes partition's silo → a notification on both gateways): {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Sends notifications (one-way, as the product does) until one reaches both sockets.</summary>
    private static async Task NotifyUntilBothHearAsync(IClusterClient client, string userId, EventClient phone, EventClient laptop, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var id = $"n-{Guid.NewGuid():N}";
            await client.GetGrain<IUserGrain>(userId).NotifyAsync(
                new Notification(id, NotificationKind.SpaceStarted, "AbCdEfGhIjK12", "Live now", null, DateTimeOffset.UtcNow));
            try
            {
                await Task.WhenAll(phone.NextAsync(IsNotification(id), TimeSpan.FromSeconds(2)), laptop.NextAsync(IsNotification(id), TimeSpan.FromSeconds(2)));
                return;
            }
            catch (TimeoutException) when (clock.Elapsed < budget)
            {
                // The cluster is still finding out about the dead silo, or the gateways have not renewed yet.
            }
        }
    }

    private static Func<JsonNode, bool> IsNotification(string id) =>
        frame => EventClient.Type(frame) == "notification" && frame["notification"]?["id"]?.GetValue<string>() == id;
}
