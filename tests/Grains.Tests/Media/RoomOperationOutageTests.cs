using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Spaces.Grains.Media;
using Microsoft.Extensions.Logging.Abstractions;
using Spaces.LiveKit;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.RoomService;
using Spaces.LiveKit.Tokens;

namespace Spaces.Grains.Tests.Media;

/// <summary>
/// During a LiveKit outage the room queue probes once per backoff step for all rooms together (not once per room),
/// logs a bounded number of lines (one when the outage starts, one when it ends), and an ended Space's pending
/// operations — its room's opening included — are dropped in favour of the close.
/// </summary>
public sealed class RoomOperationOutageTests : IDisposable
{
    private static readonly SpacesOptions Options = new() { MediaRetryInitialDelay = TimeSpan.FromSeconds(1), MediaRetryMaxDelay = TimeSpan.FromSeconds(8) };

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeLiveKit _liveKit = new();
    private readonly RecordingLogger _log = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RoomOperationQueue _queue;

    public RoomOperationOutageTests()
    {
        var liveKit = Microsoft.Extensions.Options.Options.Create(new LiveKitOptions { ApiUrl = new Uri("http://livekit.test"), RequestTimeout = TimeSpan.FromSeconds(30) });
        var tokens = new AccessTokenIssuer(liveKit, TimeProvider.System);
        // These rooms start no egress, so no answer ever goes back to a Space: no grain factory.
        var services = new LiveKitServices(
            new RoomServiceClient(new HttpClient(_liveKit), liveKit, tokens), new EgressClient(new HttpClient(_liveKit), liveKit, tokens), null!, NullLogger<LiveKitServices>.Instance);
        _queue = new RoomOperationQueue(services, Microsoft.Extensions.Options.Options.Create(Options), _time, new SpacesMetrics(_services.GetRequiredService<IMeterFactory>()), _log);
    }

    [Fact]
    public async Task A_long_outage_costs_one_probe_per_backoff_step_and_two_log_lines_for_a_hundred_rooms()
    {
        const int Rooms = 100;
        const int Steps = 30;
        _liveKit.Down = true;
        for (var i = 0; i < Rooms; i++)
        {
            _queue.Enqueue($"room{i}", new OpenRoom($"Space {i}"));
        }

        await Until(() => _queue.RoomsWaiting == Rooms, "every room waiting");
        var beforeProbes = _liveKit.Calls.Count;
        for (var step = 0; step < Steps; step++)
        {
            var calls = _liveKit.Calls.Count;
            _time.Advance(Options.MediaRetryMaxDelay);
            await Until(() => _liveKit.Calls.Count > calls, "the step's probe", TimeSpan.FromSeconds(2), mayTimeOut: true);
        }

        var probes = _liveKit.Calls.Count - beforeProbes;
        Assert.InRange(probes, 1, Steps);
        Assert.Single(_log.Lines);

        _liveKit.Down = false;
        await Until(() => _liveKit.Succeeded.Count(c => c.Method == "CreateRoom") == Rooms || Advanced(), "every room created once LiveKit is back");
        await Until(() => _queue.RoomsWaiting == 0, "no room waiting");
        Assert.Equal(2, _log.Lines.Count);
        Assert.Contains("answers again", _log.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ended_Space_never_opens_its_room_after_an_outage()
    {
        _liveKit.Down = true;
        _queue.Enqueue("ended", new OpenRoom("Short-lived"));
        await Until(() => _queue.RoomsWaiting == 1, "the room waiting");
        _queue.Enqueue("ended", new SetRole("bob", Contracts.Role.Speaker));
        _queue.Enqueue("ended", new CloseRoom());

        _liveKit.Down = false;
        // The probe's backoff timer may be armed only after a first advance: keep the clock moving until it fires.
        await Until(() => _liveKit.Calls.Any(c => c.Method == "DeleteRoom") || Advanced(), "the room closed");

        Assert.DoesNotContain(_liveKit.Succeeded, c => c.Method is "CreateRoom" or "UpdateParticipant");
    }

    [Fact]
    public async Task An_egress_stop_behind_the_close_counts_as_the_rooms_work_until_it_is_applied()
    {
        // The close waits for LiveKit, so the stop queues behind it on the same worker; then only Egress stays down.
        _liveKit.Down = true;
        _queue.Enqueue("ending", new CloseRoom());
        await Until(() => _queue.RoomsWaiting == 1, "the close waiting");
        _queue.Enqueue("ending", new StopEgress("EG_behind_close"));
        _liveKit.EgressDown = true;
        _liveKit.Down = false;
        await Until(() => _liveKit.Succeeded.Any(c => c.Method == "DeleteRoom") || Advanced(), "the room closed");
        await Until(() => _liveKit.Calls.Any(c => c.Method == "StopEgress") || Advanced(), "the stop tried");

        Assert.True(_queue.HasWork("ending"), "the stop still owed to LiveKit is the room's work");
        var idle = _queue.WhenIdleAsync("ending");
        Assert.False(idle.IsCompleted);
        Assert.Equal(1, _queue.RoomsWaiting);

        _liveKit.EgressDown = false;
        await Until(() => _liveKit.Succeeded.Any(c => c.Method == "StopEgress") || Advanced(), "the stop applied");
        await idle.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(_queue.HasWork("ending"));
    }

    /// <summary>Moves the clock by one full backoff step; false, so it can sit in a wait condition.</summary>
    private bool Advanced()
    {
        _time.Advance(Options.MediaRetryMaxDelay);
        return false;
    }

    public void Dispose()
    {
        _queue.Dispose();
        _services.Dispose();
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan? wait = null, bool mayTimeOut = false)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.True(mayTimeOut, $"timed out waiting for {what}");
                return;
            }

            await Task.Delay(10);
        }
    }

    private sealed record Call(string Method, bool Ok);

    /// <summary>LiveKit over HTTP: 503 while <see cref="Down"/> (Egress calls also while <see cref="EgressDown"/>), an empty success otherwise.</summary>
    private sealed class FakeLiveKit : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Call> _calls = new();

        public volatile bool Down;

        public volatile bool EgressDown;

        public IReadOnlyList<Call> Calls => [.. _calls];

        public IReadOnlyList<Call> Succeeded => [.. _calls.Where(c => c.Ok)];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var down = Down || (EgressDown && request.RequestUri!.AbsolutePath.Contains("livekit.Egress/", StringComparison.Ordinal));
            _calls.Enqueue(new Call(request.RequestUri!.Segments[^1], !down));
            return Task.FromResult(down
                ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("""{"code":"unavailable","msg":"down"}""", Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
        }
    }

    /// <summary>The lines an operator would read (Information and above).</summary>
    private sealed class RecordingLogger : ILogger<RoomOperationQueue>
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
