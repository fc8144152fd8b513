using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Spaces.Gateway.Tests.Media;

/// <summary>
/// LiveKit settings are checked when the gateway starts: a bad one stops it, naming the field. (Each rule of the
/// validator is unit-tested in LiveKit.Tests; these show the gateway runs it at start-up.)
/// </summary>
public sealed class LiveKitConfigurationTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "LiveKit:Url", "http://nope", "LiveKit:Url" },
        { "LiveKit:ApiUrl", "ws://nope", "LiveKit:ApiUrl" },
        { "LiveKit:ApiKey", "", "LiveKit:ApiKey" },
        { "LiveKit:ApiSecret", "", "LiveKit:ApiSecret" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_gateway_with_a_bad_LiveKit_setting_fails_to_start_naming_the_field(string key, string value, string field)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Gateway:SiloPort", Ports.Free().ToString());
            web.UseSetting("Gateway:SiloGatewayPort", Ports.Free().ToString());
            web.UseSetting("Logging:LogLevel:Default", "None");
            web.UseSetting(key, value);
        });

        var error = Record.Exception(() => factory.Services);

        var invalid = Assert.IsType<OptionsValidationException>(Unwrap(error));
        Assert.Contains(field, Assert.Single(invalid.Failures), StringComparison.Ordinal);
        Assert.Contains(field, invalid.Message, StringComparison.Ordinal);
    }

    /// <summary>Start-up validation throws the failure itself, or several of them together.</summary>
    private static Exception? Unwrap(Exception? error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;
}
