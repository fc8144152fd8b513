namespace Spaces.LoadTest.Tests;

public sealed class LoadOptionsTests
{
    [Fact]
    public void FlagsAreRead()
    {
        var options = LoadOptions.Parse(["--target", "signalr", "--url", "http://127.0.0.1:5191", "--listeners", "30000", "--workers", "2",
            "--spaces", "3", "--join-rate", "500", "--stage-changes", "10", "--stage-interval-ms", "250", "--server-pid", "7", "--server-pid", "8",
            "--listener-url", "http://127.0.0.1:5201", "--listener-url", "http://127.0.0.1:5202"]);

        Assert.Equal(TargetKind.SignalR, options.Target);
        Assert.Equal(30_000, options.Listeners);
        Assert.Equal(2, options.Workers);
        Assert.Equal(3, options.Spaces);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.StageInterval);
        Assert.Equal([7, 8], options.ServerPids);
        Assert.Equal([new Uri("http://127.0.0.1:5201"), new Uri("http://127.0.0.1:5202")], options.ListenerUrls);
    }

    [Theory]
    [InlineData("--listeners 30000", "--workers")]
    [InlineData("--listeners 0", "--listeners")]
    [InlineData("--speakers 12", "--speakers")]
    [InlineData("--target sfu", "--target")]
    [InlineData("--join-rate 0", "--join-rate")]
    [InlineData("--listeners many", "--listeners must be an integer")]
    [InlineData("--bogus 1", "Unknown option --bogus")]
    [InlineData("--warmup -1", "--warmup must be between 0 and")]
    [InlineData("--warmup 18001", "--warmup must be between 0 and")]
    [InlineData("--listener-url http://a:1 --listener-url http://b:2", "at most one per listener process")]
    [InlineData("--listener-url ftp://a", "--listener-url must be an http")]
    public void BadFlagsSayWhichFlagAndWhy(string args, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadOptions.Parse(args.Split(' ')));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PercentilesAreNearestRank()
    {
        double[] sorted = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

        Assert.Equal(50, LoadResult.Percentile(sorted, 0.50));
        Assert.Equal(99, LoadResult.Percentile(sorted, 0.99));
        Assert.Null(LoadResult.Percentile([], 0.5));
    }
}
