using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Spaces.Gateway.Realtime;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>
/// Sockets that close long before their tokens expire leave entries in the gateway's expiry queue; churn must not
/// grow it without end. The connections sit on unread streams: nothing here sends, only the queue is watched.
/// </summary>
public sealed class TokenExpiryChurnTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Registrations_of_sockets_that_closed_early_are_dropped_once_they_are_most_of_the_queue()
    {
        using var scheduler = new TokenExpiryScheduler(_clock);
        var expiresAt = _clock.GetUtcNow().AddHours(1);
        var stay = Enumerable.Range(0, 1000).Select(_ => scheduler.CloseAtExpiry(Connection(), expiresAt)).ToList();
        var leave = Enumerable.Range(0, 2000).Select(_ => scheduler.CloseAtExpiry(Connection(), expiresAt)).ToList();
        Assert.Equal(3000, scheduler.QueuedCount);

        leave.ForEach(registration => registration.Dispose());

        // The purge ran once the closed ones passed both 1,024 and half the queue; those closed after it wait (fewer than 1,024).
        Assert.InRange(scheduler.QueuedCount, 1000, 1000 + 1024);
        stay.ForEach(registration => registration.Dispose());
    }

    private ClientConnection Connection() =>
        new(WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true }), "churn",
            new RealtimeOptions(), new GatewayMetrics(_services.GetRequiredService<IMeterFactory>()), _clock);
}
