using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spaces.Silo;

namespace Spaces.Cluster.Tests;

/// <summary>Bad provider settings stop the silo before it starts, naming the setting to fix.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Silo:Storage", "PostgreSql", "ConnectionStrings:Orleans")]
    [InlineData("Silo:Clustering", "AdoNet", "ConnectionStrings:Orleans")]
    [InlineData("Silo:Reminders", "AdoNet", "ConnectionStrings:Orleans")]
    [InlineData("Silo:Storage", "MongoDB", "ConnectionStrings:Mongo")]
    [InlineData("Silo:Clustering", "MongoDB", "ConnectionStrings:Mongo")]
    [InlineData("Silo:Reminders", "MongoDB", "ConnectionStrings:Mongo")]
    [InlineData("Silo:ApplySchema", "true", "Silo:ApplySchema")]
    [InlineData("Silo:SiloPort", "0", "SiloPort")]
    [InlineData("Silo:AdvertisedAddress", "silo-1", "Silo:AdvertisedAddress")]
    public void A_bad_setting_is_named(string key, string value, string named)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new(key, value)]);

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddSpacesCluster());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mongodb://127.0.0.1:27017", "must name the database")]
    [InlineData("postgres://127.0.0.1/spaces", "is not a MongoDB URI")]
    public void A_MongoDB_connection_string_without_a_database_or_not_a_URI_is_named(string connectionString, string problem)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Silo:Storage", "MongoDB"), new("ConnectionStrings:Mongo", connectionString)]);

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddSpacesCluster());

        Assert.Contains($"ConnectionStrings:Mongo {problem}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MongoDB_storage_brings_MongoDB_membership_and_reminders_unless_told_otherwise()
    {
        var options = new SiloOptions { Storage = SpacesStorage.MongoDB, Clustering = SpacesClustering.AdoNet };

        Assert.Equal(SpacesClustering.AdoNet, options.EffectiveClustering);
        Assert.Equal(SpacesReminders.MongoDB, options.EffectiveReminders);
        Assert.True(options.UsesMongo);
        Assert.True(options.UsesDatabase);
    }

    [Fact]
    public void PostgreSql_storage_brings_database_membership_and_reminders_unless_told_otherwise()
    {
        var options = new SiloOptions { Storage = SpacesStorage.PostgreSql, Reminders = SpacesReminders.InMemory };

        Assert.Equal(SpacesClustering.AdoNet, options.EffectiveClustering);
        Assert.Equal(SpacesReminders.InMemory, options.EffectiveReminders);
        Assert.Equal(SpacesClustering.Localhost, new SiloOptions().EffectiveClustering);
        Assert.Equal(SpacesReminders.InMemory, new SiloOptions().EffectiveReminders);
    }
}
