using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Spaces.Gateway.Realtime;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>
/// The send half of <see cref="ClientConnection"/>: order, the slow-client rules and the close. Over a real loopback
/// WebSocket where the client keeps up; over <see cref="StallingWebSocket"/> where a test stalls sends on purpose.
/// </summary>
public sealed class ClientOutboxTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricRecorder _metrics;
    private readonly FakeTimeProvider _clock = new();

    public ClientOutboxTests() => _metrics = new MetricRecorder(_services.GetRequiredService<IMeterFactory>());

    private long SlowClientsDropped => _metrics["spaces.ws.slow_clients_dropped"];

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Frames_sent_from_many_threads_at_once_all_arrive_in_each_senders_order()
    {
        const int Senders = 8, FramesEach = 2000;
        var (server, client) = await LoopbackWebSockets.OpenAsync();
        var connection = Connection(server, new RealtimeOptions { SendQueueCapacity = Senders * FramesEach });
        var receiving = Task.Run(async () =>
        {
            var lastOf = Enumerable.Repeat(-1, Senders).ToArray();
            for (var received = 0; received < Senders * FramesEach; received++)
            {
                var parts = (await LoopbackWebSockets.ReceiveTextAsync(client))!.Split(':');
                var (sender, index) = (int.Parse(parts[0]), int.Parse(parts[1]));
                Assert.Equal(lastOf[sender] + 1, index);
                lastOf[sender] = index;
            }
        });

        // The writer starts and ends many times while senders race it: no frame may be lost, doubled or overtaken.
        using var start = new Barrier(Senders);
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(sender => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < FramesEach; i++)
            {
                connection.Send(Encoding.UTF8.GetBytes($"{sender}:{i}"));
            }
        }, TaskCreationOptions.LongRunning)));

        await receiving.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, SlowClientsDropped);
    }

    [Fact]
    public async Task The_writer_ends_when_nothing_waits_and_a_later_frame_starts_it_again()
    {
        var (server, client) = await LoopbackWebSockets.OpenAsync();
        var connection = Connection(server);

        connection.Send("first"u8.ToArray());
        Assert.Equal("first", await LoopbackWebSockets.ReceiveTextAsync(client));
        await UntilIdleAsync(connection);

        connection.Send("after idle"u8.ToArray());
        Assert.Equal("after idle", await LoopbackWebSockets.ReceiveTextAsync(client));
        await UntilIdleAsync(connection);
    }

    [Fact]
    public async Task A_client_whose_outbox_holds_the_capacity_is_closed_with_4008_after_the_frames_queued_before_and_counted_once()
    {
        const int Capacity = 8;
        var socket = new StallingWebSocket();
        var connection = Connection(socket, new RealtimeOptions { SendQueueCapacity = Capacity });
        socket.Stall();

        connection.Send("0"u8.ToArray()); // taken by the writer, whose send now waits
        await socket.SentAsync(1);
        for (var i = 1; i <= Capacity; i++)
        {
            connection.Send(Encoding.UTF8.GetBytes($"{i}"));
        }

        Assert.Equal(0, SlowClientsDropped);
        connection.Send("one too many"u8.ToArray());
        connection.Send("later"u8.ToArray());
        Assert.Equal(1, SlowClientsDropped);

        socket.Release();
        var sent = await socket.SentAsync(Capacity + 2);
        string[] expected = [.. Enumerable.Range(0, Capacity + 1).Select(i => $"{i}"), "close 4008 slow consumer: too many events waiting"];
        Assert.Equal(expected, sent);
        await UntilIdleAsync(connection);
        connection.Send("after the close"u8.ToArray());
        Assert.Equal(expected, socket.Sent);
        Assert.Equal(1, socket.MostSendsInFlight);
        Assert.Equal(1, SlowClientsDropped);
    }

    [Fact]
    public async Task A_send_that_outlasts_the_send_timeout_aborts_the_socket_and_counts_a_slow_client()
    {
        var options = new RealtimeOptions { SendTimeout = TimeSpan.FromSeconds(5) };
        var socket = new StallingWebSocket();
        var connection = Connection(socket, options);
        socket.Stall();

        connection.Send("stuck"u8.ToArray());
        connection.Send("behind it"u8.ToArray());
        await socket.SentAsync(1);
        await AdvanceUntilAsync(socket.Aborted, options.SendTimeout);

        Assert.Equal(1, SlowClientsDropped);
        await UntilIdleAsync(connection);
        connection.Send("after the abort"u8.ToArray());
        Assert.Equal(["stuck"], socket.Sent);
        Assert.False(connection.IsWriting);
    }

    [Fact]
    public async Task An_expired_token_closes_with_4001_after_the_frames_queued_before_and_nothing_after()
    {
        var socket = new StallingWebSocket();
        var connection = Connection(socket);
        socket.Stall();

        connection.Send("a"u8.ToArray());
        await socket.SentAsync(1);
        connection.Send("b"u8.ToArray());
        connection.Send("c"u8.ToArray());
        connection.CloseForExpiredToken();
        connection.Send("d"u8.ToArray());
        socket.Release();

        string[] expected = ["a", "b", "c", "close 4001 token expired: reconnect with a fresh token and resume with since_seq"];
        Assert.Equal(expected, await socket.SentAsync(expected.Length));
        await UntilIdleAsync(connection);
        connection.Send("e"u8.ToArray());
        connection.CloseForExpiredToken();
        Assert.Equal(expected, socket.Sent);
        Assert.Equal(0, SlowClientsDropped);
    }

    [Fact]
    public async Task A_client_that_does_not_answer_the_close_within_the_close_timeout_is_aborted()
    {
        var options = new RealtimeOptions { CloseTimeout = TimeSpan.FromSeconds(2) };
        var socket = new StallingWebSocket();
        var connection = Connection(socket, options);
        var running = connection.RunAsync(new SilentHandler());

        connection.CloseForExpiredToken();
        Assert.StartsWith("close 4001", Assert.Single(await socket.SentAsync(1)));
        await AdvanceUntilAsync(socket.Aborted, options.CloseTimeout);

        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(socket.Sent);
    }

    [Fact]
    public async Task A_client_that_answers_the_close_ends_the_connection_without_an_abort()
    {
        var socket = new StallingWebSocket();
        var connection = Connection(socket);
        var handler = new SilentHandler();
        var running = connection.RunAsync(handler);

        connection.CloseForExpiredToken();
        await socket.SentAsync(1);
        socket.ClientCloses();

        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(handler.Disconnected);
        Assert.False(socket.Aborted.IsCompleted);
        Assert.Single(socket.Sent);
    }

    private ClientConnection Connection(WebSocket socket, RealtimeOptions? options = null) =>
        new(socket, "listener", options ?? new RealtimeOptions(), new GatewayMetrics(_services.GetRequiredService<IMeterFactory>()), _clock);

    /// <summary>
    /// Advances the fake clock a step at a time until <paramref name="done"/>: the deadline's timer is armed by the writer
    /// just after the send it guards, so one step could come before it.
    /// </summary>
    private async Task AdvanceUntilAsync(Task done, TimeSpan step)
    {
        for (var i = 0; i < 500 && !done.IsCompleted; i++)
        {
            _clock.Advance(step);
            await Task.WhenAny(done, Task.Delay(20));
        }

        await done;
    }

    private static async Task UntilIdleAsync(ClientConnection connection)
    {
        for (var i = 0; i < 1000 && connection.IsWriting; i++)
        {
            await Task.Delay(10);
        }

        Assert.False(connection.IsWriting, "the writer did not end once nothing waited");
    }

    private sealed class SilentHandler : IClientMessageHandler
    {
        public bool Disconnected { get; private set; }

        public Task OnMessageAsync(ReadOnlyMemory<byte> message) => Task.CompletedTask;

        public void OnDisconnected() => Disconnected = true;
    }
}
