using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Spaces.Contracts;
using Spaces.Grains;
using Spaces.Grains.Hosting;

namespace Spaces.Benchmarks;

/// <summary>
/// A listener joining a live Space: one call on the SpaceGrain in a local silo (in-memory storage), as the
/// gateway's join route makes it. Each call is a new user, so the audience grows through the run.
/// </summary>
[MemoryDiagnoser]
public class SpaceJoinBenchmarks
{
    private InProcessTestCluster _cluster = null!;
    private ISpaceGrain _space = null!;
    private int _next;

    [GlobalSetup]
    public async Task StartSiloAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Spaces);
            silo.UseInMemoryReminderService();
            silo.AddSpacesGrains(silo.Configuration);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        var host = _cluster.Client.GetGrain<IUserGrain>("bench-host");
        await host.RegisterAsync("Bench host");
        await host.SyncFollowersCountAsync(new SpacesOptions().MinFollowersToHost);
        var created = await host.CreateSpaceAsync(new NewSpaceRequest("Benchmark", null, null, null));
        _space = _cluster.Client.GetGrain<ISpaceGrain>(created.Id);
    }

    [GlobalCleanup]
    public Task StopSiloAsync() => _cluster.DisposeAsync().AsTask();

    [Benchmark]
    public Task<JoinResult> ListenerJoin() => _space.JoinAsync($"listener-{Interlocked.Increment(ref _next)}");
}
