using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spaces.ClusterClient;
using Spaces.Streams;

namespace Spaces.Analytics.Hosting;

/// <summary>Makes the job an Orleans client of the cluster the configuration names (the gateway's "Gateway" settings).</summary>
public static class AnalyticsClientHosting
{
    public static HostApplicationBuilder AddAnalyticsClient(this HostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ClusterClientOptions.Section);
        builder.Services.AddOptions<ClusterClientOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        builder.UseOrleansClient(client =>
        {
            client.UseSpacesClustering(options, builder.Configuration);
            client.AddSpacesStreams(builder.Configuration.GetSection(ClusterClientOptions.StreamsSection));
        });
        return builder;
    }
}
