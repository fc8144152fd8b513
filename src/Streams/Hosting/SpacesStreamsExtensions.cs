using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Spaces.Contracts.Analytics;

namespace Spaces.Streams;

/// <summary>
/// The one place that registers the analytics stream provider (<see cref="AnalyticsStreams.ProviderName"/>) and its
/// PubSubStore, on silos and on clients alike, from validated <see cref="StreamsOptions"/>. A new provider is one
/// more <see cref="StreamsProvider"/> value and one more case in each switch below.
/// </summary>
public static class SpacesStreamsExtensions
{
    /// <summary>Adds the provider <paramref name="section"/> names (a "Streams" section; missing = memory). Bad settings throw here, naming them.</summary>
    public static ISiloBuilder AddSpacesStreams(this ISiloBuilder silo, IConfiguration section) =>
        silo.AddSpacesStreams(Read(section));

    /// <param name="addSubscriptionStore">
    /// Registers grain storage under the name it is given on the cluster's own storage (PostgreSQL or MongoDB): a
    /// durable provider keeps its subscriptions (the PubSubStore) there. Required for <see cref="StreamsProvider.AdoNet"/>.
    /// </param>
    public static ISiloBuilder AddSpacesStreams(this ISiloBuilder silo, StreamsOptions options, Action<string>? addSubscriptionStore = null)
    {
        StreamsOptionsValidator.Checked(options);
        switch (options.Provider)
        {
            case StreamsProvider.Memory:
                // Subscriptions are soft like the memory queues: the PubSubStore lives in memory too.
                silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
                silo.AddMemoryStreams(AnalyticsStreams.ProviderName, memory => memory.ConfigurePartitioning(options.MemoryQueues));
                break;
            case StreamsProvider.AdoNet:
                if (addSubscriptionStore is null)
                {
                    throw new InvalidOperationException(
                        "Streams:Provider AdoNet keeps its subscriptions in the cluster's grain storage: run it on a cluster silo (src/Silo), not embedded.");
                }

                addSubscriptionStore(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
                silo.AddAdoNetStreams(AnalyticsStreams.ProviderName, adoNet => adoNet
                    .ConfigureAdoNet(builder => builder.Configure(provider => Apply(options.AdoNet, provider)))
                    .ConfigurePartitioning(options.AdoNet.Queues));
                break;
            default:
                throw Unknown(options.Provider);
        }

        return silo;
    }

    /// <summary>Adds the provider <paramref name="section"/> names to a client (gateway, tools/Analytics); it must match the silos'.</summary>
    public static IClientBuilder AddSpacesStreams(this IClientBuilder client, IConfiguration section) =>
        client.AddSpacesStreams(Read(section));

    public static IClientBuilder AddSpacesStreams(this IClientBuilder client, StreamsOptions options)
    {
        StreamsOptionsValidator.Checked(options);
        switch (options.Provider)
        {
            case StreamsProvider.Memory:
                client.AddMemoryStreams(AnalyticsStreams.ProviderName, memory => memory.ConfigurePartitioning(options.MemoryQueues));
                break;
            case StreamsProvider.AdoNet:
                client.AddAdoNetStreams(AnalyticsStreams.ProviderName, adoNet => adoNet
                    .ConfigureAdoNet(builder => builder.Configure(provider => Apply(options.AdoNet, provider)))
                    .ConfigurePartitioning(options.AdoNet.Queues));
                break;
            default:
                throw Unknown(options.Provider);
        }

        return client;
    }

    /// <summary>Our settings onto Orleans' own; eviction keeps the provider's defaults (every 10 s, 1,000 rows at a time).</summary>
    private static void Apply(AdoNetStreamsOptions ours, AdoNetStreamOptions provider)
    {
        provider.Invariant = NpgsqlInvariant;
        provider.ConnectionString = ours.ConnectionString;
        provider.MaxAttempts = ours.MaxAttempts;
        provider.VisibilityTimeout = ours.VisibilityTimeout;
        provider.ExpiryTimeout = ours.ExpiryTimeout;
        provider.DeadLetterEvictionTimeout = ours.DeadLetterRetention;
    }

    /// <summary>The ADO.NET invariant name Orleans knows Npgsql by.</summary>
    private const string NpgsqlInvariant = "Npgsql";

    private static ArgumentOutOfRangeException Unknown(StreamsProvider provider) =>
        new(nameof(StreamsOptions.Provider), provider, "No registration for this stream provider.");

    private static StreamsOptions Read(IConfiguration section) => section.Get<StreamsOptions>() ?? new StreamsOptions();
}
