using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Spaces.Gateway.Hosting;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.Gateway.Tests.Media;

namespace Spaces.Gateway.Tests.Http;

/// <summary>
/// What a newcomer reads at the default log levels: one startup line saying where everything is, one warning when
/// LiveKit stops answering and one line when it is back (however often readiness is probed), no stack traces for an
/// outage and no per-request HttpClient lines.
/// </summary>
public sealed class GatewayLogTests(LoggedGatewayHost host) : IClassFixture<LoggedGatewayHost>
{
    private static readonly string Reachability = typeof(LiveKitReachability).FullName!;

    [Fact]
    public async Task Startup_prints_one_line_with_the_url_the_mode_the_API_reference_and_health()
    {
        var url = host.BaseAddress.ToString().TrimEnd('/');

        // The line is written by an ApplicationStarted callback, which may run just after the test host reports it started.
        var banners = await MediaProbe.EventuallyAsync(
            () => host.Logs.Lines.Where(l => l.Message.Contains("/openapi/v1.json", StringComparison.Ordinal)).ToList(),
            lines => lines.Count > 0,
            "the startup line");
        var line = Assert.Single(banners);

        Assert.Equal(LogLevel.Information, line.Level);
        foreach (var part in new[] { url, "Embedded", $"{url}/scalar", $"{url}/openapi/v1.json", $"{url}/health/live", $"{url}/health/ready" })
        {
            Assert.Contains(part, line.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_LiveKit_outage_logs_one_warning_and_its_end_one_line_without_stack_traces()
    {
        host.LiveKit.FailWith(HttpStatusCode.ServiceUnavailable);
        try
        {
            for (var probe = 0; probe < 3; probe++)
            {
                Assert.Equal("degraded", await LiveKitStatusAsync());
            }
        }
        finally
        {
            host.LiveKit.Recover();
        }

        for (var probe = 0; probe < 2; probe++)
        {
            Assert.Equal("healthy", await LiveKitStatusAsync());
        }

        var lines = host.Logs.From(Reachability);
        Assert.Equal([LogLevel.Warning, LogLevel.Information], lines.Select(l => l.Level));
        Assert.Contains(host.LiveKit.ApiUrl.ToString(), lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("answers again", lines[1].Message, StringComparison.Ordinal);
        AssertQuietAboutLiveKit(host.Logs);
    }

    private async Task<string> LiveKitStatusAsync()
    {
        var ready = await Api.ExpectAsync(await host.Api.Http.GetAsync("/health/ready"), HttpStatusCode.OK);
        return ready["checks"]!["livekit"]!["status"]!.GetValue<string>();
    }

    /// <summary>No line carries an exception for the outage, and neither HttpClient nor the health check service logs per probe.</summary>
    internal static void AssertQuietAboutLiveKit(LogCapture logs)
    {
        Assert.DoesNotContain(logs.Lines, l => l.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Exception is not null && l.Category.StartsWith("Spaces.Gateway", StringComparison.Ordinal));
    }
}

/// <summary>With nothing listening where LiveKit should be (an unused port), probing readiness again and again warns once.</summary>
public sealed class UnreachableLiveKitLogTests(UnreachableLiveKitGatewayHost host) : IClassFixture<UnreachableLiveKitGatewayHost>
{
    [Fact]
    public async Task Probing_readiness_repeatedly_logs_one_warning_and_no_stack_trace()
    {
        for (var probe = 0; probe < 4; probe++)
        {
            var ready = await Api.ExpectAsync(await host.Api.Http.GetAsync("/health/ready"), HttpStatusCode.OK);
            Assert.Equal("degraded", ready["checks"]!["livekit"]!["status"]!.GetValue<string>());
        }

        var warning = Assert.Single(host.Logs.From(typeof(LiveKitReachability).FullName!));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(host.LiveKitApiUrl, warning.Message, StringComparison.Ordinal);
        GatewayLogTests.AssertQuietAboutLiveKit(host.Logs);
    }
}

/// <summary>A gateway logging at the levels of its appsettings.json (what <c>dotnet run</c> prints), captured line by line.</summary>
public class LoggedGatewayHost : GatewayHost
{
    public LoggedGatewayHost()
        : this(new Dictionary<string, string?>())
    {
    }

    protected LoggedGatewayHost(IReadOnlyDictionary<string, string?> settings)
        : base(new Dictionary<string, string?>(settings) { ["Logging:LogLevel:Default"] = "Information" })
    {
    }

    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder web) => web.ConfigureLogging(logging => logging.AddProvider(Logs));
}

public sealed class UnreachableLiveKitGatewayHost() : LoggedGatewayHost(new Dictionary<string, string?> { ["LiveKit:ApiUrl"] = UnusedUrl })
{
    // Bound and never listened on for the whole run, so nothing else can answer there.
    private static readonly System.Net.Sockets.Socket ClosedPort = Ports.ReserveClosed();
    private static readonly string UnusedUrl = $"http://127.0.0.1:{Ports.PortOf(ClosedPort)}/";

    public string LiveKitApiUrl => UnusedUrl;
}
