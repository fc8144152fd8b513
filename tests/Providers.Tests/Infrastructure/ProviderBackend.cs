using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Messaging;
using Orleans.Serialization;
using Orleans.Storage;

namespace Spaces.Providers.Tests.Infrastructure;

/// <summary>The membership table and the gateway list of one fresh cluster, as a backend provides them.</summary>
public sealed record ClusterTables(IMembershipTable Membership, IGatewayListProvider Gateways);

/// <summary>
/// One backend the project supports, as the contract suite sees it: fresh membership tables on demand, and the grain
/// storage and reminder table of a real silo (started on first use) registered exactly as hosts register them.
/// </summary>
public abstract class ProviderBackend : IAsyncLifetime
{
    public const string StorageName = "contract";

    private readonly SemaphoreSlim _siloGate = new(1, 1);
    private IHost? _silo;

    /// <summary>Keys the durable rows of this fixture's silo.</summary>
    public string ServiceId { get; } = $"contract-{Guid.NewGuid():N}";

    /// <summary>A membership table (initialization left to the caller) and gateway list of a cluster nobody else uses.</summary>
    public abstract ClusterTables NewCluster(string clusterId);

    public async Task<IGrainStorage> StorageAsync() => (await SiloAsync()).Services.GetRequiredKeyedService<IGrainStorage>(StorageName);

    public async Task<IReminderTable> RemindersAsync() => (await SiloAsync()).Services.GetRequiredService<IReminderTable>();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }

        _siloGate.Dispose();
    }

    /// <summary>Registers grain storage <see cref="StorageName"/> and the reminder table on this backend.</summary>
    protected abstract void AddStorageAndReminders(ISiloBuilder silo);

    protected static IOptions<ClusterOptions> ClusterOf(string clusterId) =>
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "contract" });

    private async Task<IHost> SiloAsync()
    {
        await _siloGate.WaitAsync();
        try
        {
            if (_silo is null)
            {
                var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
                builder.UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering(Ports.Free(), Ports.Free(), primarySiloEndpoint: null, serviceId: ServiceId, clusterId: ServiceId);
                    silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
                    AddStorageAndReminders(silo);
                });
                var host = builder.Build();
                await host.StartAsync();
                _silo = host;
            }

            return _silo;
        }
        finally
        {
            _siloGate.Release();
        }
    }
}
