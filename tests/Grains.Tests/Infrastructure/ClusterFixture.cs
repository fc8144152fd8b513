using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;
using Spaces.Grains.Hosting;
using Spaces.Grains.Media;
using Spaces.Grains.Payments;
using Spaces.Grains.Tickets;
using Spaces.LiveKit;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Webhooks;
using Spaces.Streams;

namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo + client shared by every test of the <see cref="ClusterCollection"/>. The silo's
/// <see cref="TimeProvider"/> is a <see cref="FakeTimeProvider"/>: grain clocks (reaction rate limit, schedule
/// validation) and grain timers (the audience.count pacer) move only when a test advances it. Payments go to
/// the embedded provider, scripted to decline <see cref="DeclinedBuyer"/> and leave <see cref="PendingBuyer"/> pending.
/// Room operations go to a <see cref="LiveKitTestServer"/> on 127.0.0.1; grain state to the real in-memory storage,
/// which <see cref="Storage"/> makes fail on command. Analytics go out on memory streams the client can subscribe to.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly Action<SpacesOptions> _configure;
    private InProcessTestCluster? _cluster;
    private LiveKitTestServer? _liveKit;
    private FailingGrainStorage? _storage;

    public ClusterFixture()
        : this(_ => { })
    {
    }

    /// <summary>A cluster whose grains run with limits other than the defaults (its own collection, its own silo).</summary>
    protected ClusterFixture(Action<SpacesOptions> configure)
    {
        _configure = options =>
        {
            options.CoalesceReactionsAbove = 20;
            configure(options);
        };
        _configure(Options);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// The limits the grains run with: the defaults (the silo binds an empty "Spaces" section) except that Spaces
    /// coalesce reactions above 20 participants, so a test reaches a large Space with a few joins; a derived fixture
    /// changes more.
    /// </summary>
    public SpacesOptions Options { get; } = new();

    /// <summary>The ticket limits the grains run with (the defaults).</summary>
    public TicketOptions TicketOptions { get; } = new();

    /// <summary>A buyer whose card the embedded provider declines.</summary>
    public string DeclinedBuyer => "buyer-declined";

    /// <summary>A buyer whose payments the embedded provider leaves pending (the bank wants a confirmation).</summary>
    public string PendingBuyer => "buyer-pending";

    /// <summary>The silo's payment provider: what was charged, refunded and called off.</summary>
    public EmbeddedPaymentProvider Payments => Cluster.Silos[0].ServiceProvider.GetRequiredService<EmbeddedPaymentProvider>();

    /// <summary>Every ticket sale and refund the box offices published.</summary>
    public TicketEventRecorder TicketEvents { get; } = new();

    /// <summary>The LiveKit the grains drive: it records every room operation and when it arrived.</summary>
    public LiveKitTestServer LiveKit => _liveKit ?? throw new InvalidOperationException("LiveKit is not started.");

    /// <summary>The grain storage of the Spaces' state, failing or holding writes on command.</summary>
    public FailingGrainStorage Storage => _storage ?? throw new InvalidOperationException("The cluster is not deployed.");

    public async Task InitializeAsync()
    {
        _liveKit = await LiveKitTestServer.StartAsync(time: Time);
        var liveKitOptions = _liveKit.CreateClientOptions();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            // Before AddSpacesGrains, which only adds TimeProvider.System when none is registered.
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddSingleton<ITicketEventSink>(TicketEvents);
            silo.Services.Configure<PaymentsOptions>(payments =>
            {
                payments.Embedded.DeclinedBuyers.Add(DeclinedBuyer);
                payments.Embedded.PendingBuyers.Add(PendingBuyer);
            });
            silo.AddMemoryGrainStorage(StorageNames.Spaces);
            // The same memory storage, behind the one double these tests use to make a write fail.
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Spaces, (services, name) =>
                _storage = new FailingGrainStorage(MemoryGrainStorageFactory.Create(services, (string)name!)));
            silo.UseInMemoryReminderService();
            silo.AddSpacesStreams(new StreamsOptions());
            silo.AddSpacesGrains(silo.Configuration);
            silo.Services.Configure(_configure);
            silo.Services.Configure<LiveKitOptions>(options =>
            {
                options.Url = liveKitOptions.Url;
                options.ApiUrl = liveKitOptions.ApiUrl;
                options.ApiKey = liveKitOptions.ApiKey;
                options.ApiSecret = liveKitOptions.ApiSecret;
            });
        });
        // The client is the external analytics subscriber of the stream tests.
        builder.ConfigureClient(client => client.AddSpacesStreams(new StreamsOptions()));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_liveKit is not null)
        {
            await _liveKit.DisposeAsync();
        }
    }

    public IUserGrain User(string userId) => Client.GetGrain<IUserGrain>(userId);

    public ISpaceGrain Space(string spaceId) => Client.GetGrain<ISpaceGrain>(spaceId);

    public ISpaceLookupGrain Lookup() => Client.GetGrain<ISpaceLookupGrain>(0);

    /// <summary>Delivers an egress webhook for the egress as the test server now has it, the way the gateway does.</summary>
    public Task SendEgressWebhookAsync(ISpaceGrain space, string eventName, EgressInfo egress)
    {
        var translated = MediaWebhooks.Translate(new WebhookEvent { Event = eventName, Id = $"EV_{Guid.NewGuid():N}", EgressInfo = egress });
        return space.ApplyMediaEventAsync(Assert.NotNull(translated).Event);
    }

    /// <summary>A registered account with <paramref name="followers"/> followers (synced as the admin route does).</summary>
    public async Task<string> NewUserAsync(string prefix = "user", long followers = 0)
    {
        var userId = TestIds.User(prefix);
        await User(userId).RegisterAsync(prefix);
        if (followers > 0)
        {
            await User(userId).SyncFollowersCountAsync(followers);
        }

        return userId;
    }

    /// <summary>An account allowed to host (exactly <see cref="SpacesOptions.MinFollowersToHost"/> followers).</summary>
    public Task<string> NewHostAsync() => NewUserAsync("host", Options.MinFollowersToHost);
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
