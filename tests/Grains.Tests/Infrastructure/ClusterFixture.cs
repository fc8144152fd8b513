using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Spaces.Grains.Hosting;

namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo + client shared by every test of the <see cref="ClusterCollection"/>. The silo's
/// <see cref="TimeProvider"/> is a <see cref="FakeTimeProvider"/>: grain clocks (reaction rate limit, schedule
/// validation) and grain timers (the audience.count pacer) move only when a test advances it.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IClusterClient Client => Cluster.Client;

    /// <summary>The limits the grains run with (the defaults: the silo binds an empty "Spaces" section).</summary>
    public SpacesOptions Options { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            // Before AddSpacesGrains, which only adds TimeProvider.System when none is registered.
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.AddMemoryGrainStorage(StorageNames.Spaces);
            silo.UseInMemoryReminderService();
            silo.AddSpacesGrains(silo.Configuration);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    public IUserGrain User(string userId) => Client.GetGrain<IUserGrain>(userId);

    public ISpaceGrain Space(string spaceId) => Client.GetGrain<ISpaceGrain>(spaceId);

    public ISpaceLookupGrain Lookup() => Client.GetGrain<ISpaceLookupGrain>(0);

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
