using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spaces.Silo;

namespace Spaces.Cluster.Tests;

/// <summary>The durable stream provider's settings on a cluster silo: bad ones stop it before it starts, naming the setting.</summary>
public sealed class StreamsConfigurationTests
{
    [Theory]
    [InlineData("Silo:Streams:AdoNet:Queues", "0", "Queues")]
    [InlineData("Silo:Streams:AdoNet:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("Silo:Streams:AdoNet:VisibilityTimeout", "00:00:00", "VisibilityTimeout")]
    [InlineData("Silo:Streams:AdoNet:ExpiryTimeout", "00:00:10", "ExpiryTimeout")]
    [InlineData("Silo:Streams:AdoNet:DeadLetterRetention", "00:00:10", "DeadLetterRetention")]
    public void A_bad_AdoNet_stream_setting_is_named(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Silo(
            ("Silo:Storage", "PostgreSql"), ("ConnectionStrings:Orleans", "Host=127.0.0.1;Database=spaces"),
            ("Silo:Streams:Provider", "AdoNet"), (key, value)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_AdoNet_provider_without_a_database_names_the_connection_string()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Silo(("Silo:Streams:Provider", "AdoNet")));

        Assert.Contains("Streams:AdoNet:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_AdoNet_provider_uses_the_cluster_s_database_when_given_none() =>
        Silo(("Silo:Storage", "PostgreSql"), ("ConnectionStrings:Orleans", "Host=127.0.0.1;Database=spaces"), ("Silo:Streams:Provider", "AdoNet"));

    private static void Silo(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddSpacesCluster();
    }
}
