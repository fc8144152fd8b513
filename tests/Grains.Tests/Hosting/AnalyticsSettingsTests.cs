using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Spaces.Contracts.Analytics;
using Spaces.Streams;

namespace Spaces.Grains.Tests.Hosting;

/// <summary>The analytics settings are checked before anything starts, and a bad one is named; the stream addresses are stable.</summary>
public sealed class AnalyticsSettingsTests
{
    [Fact]
    public void A_bad_stream_setting_stops_the_registration_naming_it()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:Streams:MemoryQueues"] = "0" })
            .Build().GetSection("Silo:Streams");

        var refused = Assert.Throws<OptionsValidationException>(() => StreamsOptionsValidator.Checked(section.Get<StreamsOptions>()!));

        Assert.Contains(refused.Failures, failure => failure.Contains(nameof(StreamsOptions.MemoryQueues), StringComparison.Ordinal));
        Assert.Equal(StreamsProvider.Memory, StreamsOptionsValidator.Checked(new StreamsOptions()).Provider);
    }

    [Fact]
    public void A_Spaces_firehose_partition_is_the_same_in_every_process_and_within_range()
    {
        // FNV-1a of the UTF-8 bytes: fixed values, so a consumer in any language finds the same partition.
        Assert.Equal(4, AnalyticsStreams.FirehosePartitionOf("a"));
        Assert.All(Enumerable.Range(0, 1000).Select(i => AnalyticsStreams.FirehosePartitionOf($"space-{i}")), p => Assert.InRange(p, 0, AnalyticsStreams.FirehosePartitions - 1));
        Assert.Equal(AnalyticsStreams.FirehosePartitions, AnalyticsStreams.AllFirehoseStreams().Distinct().Count());
        Assert.Equal(AnalyticsStreams.FirehoseStream(AnalyticsStreams.FirehosePartitionOf("abc")), AnalyticsStreams.FirehoseStreamOf("abc"));
    }
}
