using Microsoft.Extensions.Configuration;
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

    public static ISiloBuilder AddSpacesStreams(this ISiloBuilder silo, StreamsOptions options)
    {
        StreamsOptionsValidator.Checked(options);
        switch (options.Provider)
        {
            case StreamsProvider.Memory:
                // Subscriptions are soft like the memory queues: the PubSubStore lives in memory too.
                silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
                silo.AddMemoryStreams(AnalyticsStreams.ProviderName, memory => memory.ConfigurePartitioning(options.MemoryQueues));
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
            default:
                throw Unknown(options.Provider);
        }

        return client;
    }

    private static ArgumentOutOfRangeException Unknown(StreamsProvider provider) =>
        new(nameof(StreamsOptions.Provider), provider, "No registration for this stream provider.");

    private static StreamsOptions Read(IConfiguration section) => section.Get<StreamsOptions>() ?? new StreamsOptions();
}
