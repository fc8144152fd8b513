using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;
using static Spaces.MongoDB.Membership.MembershipDocuments;

namespace Spaces.MongoDB.Membership;

/// <summary>For clients: the gateways of the cluster's active silos, read from the membership document.</summary>
public sealed class MongoGatewayListProvider : IGatewayListProvider
{
    private readonly IMongoCollection<BsonDocument> _clusters;
    private readonly string _clusterId;

    public MongoGatewayListProvider(IServiceProvider services, IOptions<ClusterOptions> cluster, IOptions<MongoDBClusteringOptions> options, IOptions<GatewayOptions> gateway)
    {
        _clusters = MembershipCollection.Open(services, options.Value);
        _clusterId = cluster.Value.ClusterId;
        MaxStaleness = gateway.Value.GatewayListRefreshPeriod;
    }

    public TimeSpan MaxStaleness { get; }

    [Obsolete("Orleans no longer reads it: every provider is considered updatable.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IGatewayListProvider.InitializeGatewayListProvider() => Task.CompletedTask;

    Task<IList<Uri>> IGatewayListProvider.GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var cluster = await _clusters.Find(Builders<BsonDocument>.Filter.Eq("_id", _clusterId)).FirstOrDefaultAsync(cancellationToken);
        return ToTable(cluster, member => member[StatusField].ToInt32() == (int)SiloStatus.Active && member["ProxyPort"].ToInt32() > 0).Members
            .Select(member => member.Item1)
            .Select(silo => SiloAddress.New(silo.SiloAddress.Endpoint.Address, silo.ProxyPort, silo.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }
}
