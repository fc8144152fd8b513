using Spaces.Analytics.Terminal;

namespace Spaces.Analytics.Tests;

public sealed class JobArgumentsTests
{
    [Fact]
    public void Options_and_configuration_settings_are_told_apart()
    {
        var parsed = JobArguments.Parse(["--duration", "90", "--summary", "out.json", "Gateway:Clustering=AdoNet", "--db", "x.duckdb"]);

        Assert.Equal(TimeSpan.FromSeconds(90), parsed.Duration);
        Assert.Equal("out.json", parsed.SummaryPath);
        Assert.Equal("x.duckdb", parsed.DatabasePath);
        Assert.Equal(["Gateway:Clustering=AdoNet"], parsed.ConfigurationArgs);
    }

    [Fact]
    public void Without_options_the_job_runs_until_stopped_into_the_default_file()
    {
        var parsed = JobArguments.Parse([]);

        Assert.Null(parsed.Duration);
        Assert.Null(parsed.SummaryPath);
        Assert.Equal(JobArguments.DefaultDatabasePath, parsed.DatabasePath);
    }

    [Theory]
    [InlineData(new[] { "--duration", "0" }, "--duration must be a positive number of seconds, not \"0\".")]
    [InlineData(new[] { "--duration", "soon" }, "--duration must be a positive number of seconds, not \"soon\".")]
    [InlineData(new[] { "--summary" }, "--summary needs a value.")]
    [InlineData(new[] { "--db", "--duration" }, "--db needs a value.")]
    [InlineData(new[] { "--verbose" }, "Unknown option --verbose.")]
    public void A_bad_argument_is_refused_naming_it(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => JobArguments.Parse(args));
        Assert.Equal(message, error.Message);
    }
}
