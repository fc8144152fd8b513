using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>
/// Outside Development the gateway refuses to start with LiveKit's dev credentials, a short secret or one of the
/// repository's samples, naming the setting; with real secrets it starts, without dev tokens or the API reference.
/// </summary>
public sealed class ProductionStartTests
{
    private const string StrongSecret = "a-production-secret-of-more-than-32-bytes-0b6f1";

    public static TheoryData<string, string, string> RefusedSettings => new()
    {
        { "LiveKit:ApiKey", "devkey", "LiveKit:ApiKey" },
        { "LiveKit:ApiSecret", "secret", "LiveKit:ApiSecret" },
        { "LiveKit:ApiSecret", "only-twenty-bytes-xx", "LiveKit:ApiSecret" },
        { "LiveKit:ApiSecret", "change-me-to-a-long-random-secret-0123456789", "LiveKit:ApiSecret" },
        { "Auth:SigningKey", "spaces-development-signing-key-not-for-production-use", "Auth:SigningKey" },
    };

    [Theory]
    [MemberData(nameof(RefusedSettings))]
    public async Task A_production_gateway_with_a_public_or_weak_secret_fails_to_start_naming_the_setting(string key, string value, string setting)
    {
        await using var factory = Production(new() { [key] = value });

        var error = Record.Exception(() => factory.Services);

        var invalid = Assert.IsType<OptionsValidationException>(Unwrap(error));
        Assert.Contains(invalid.Failures, failure => failure.Contains(setting, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_LiveKit_credentials_stop_a_production_gateway()
    {
        await using var factory = Production(new() { ["LiveKit:ApiKey"] = null, ["LiveKit:ApiSecret"] = null });

        var invalid = Assert.IsType<OptionsValidationException>(Unwrap(Record.Exception(() => factory.Services)));

        Assert.Contains(invalid.Failures, failure => failure.Contains("LiveKit:ApiKey", StringComparison.Ordinal));
        Assert.Contains(invalid.Failures, failure => failure.Contains("LiveKit:ApiSecret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.NotFound)]
    [InlineData("true", HttpStatusCode.OK)]
    public async Task A_production_gateway_serves_the_API_reference_only_when_enabled(string? enabled, HttpStatusCode expected)
    {
        await using var factory = Production(new() { ["Security:ApiReferenceEnabled"] = enabled });
        using var client = factory.CreateClient();

        var openApi = await client.GetAsync("/openapi/v1.json");
        var devToken = await client.PostAsync("/v1/dev/token", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, openApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
    }

    [Fact]
    public void The_launch_profile_leaves_the_environment_to_the_user()
    {
        var launch = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "src/Gateway/Properties/launchSettings.json")))!;
        var variables = launch["profiles"]!.AsObject().Select(p => p.Value!["environmentVariables"]?.AsObject()).OfType<JsonObject>().SelectMany(v => v.Select(e => e.Key)).ToList();

        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", variables);
        Assert.DoesNotContain("DOTNET_ENVIRONMENT", variables);
        Assert.Contains(Hosting.GatewayEnvironment.DefaultVariable, variables);
    }

    private static WebApplicationFactory<Program> Production(Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:SiloPort"] = Ports.Free().ToString(),
            ["Gateway:SiloGatewayPort"] = Ports.Free().ToString(),
            ["Logging:LogLevel:Default"] = "None",
            ["Auth:SigningKey"] = StrongSecret,
            ["LiveKit:ApiKey"] = "production-key",
            ["LiveKit:ApiSecret"] = StrongSecret,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            foreach (var (key, value) in settings.Where(s => s.Value is not null))
            {
                web.UseSetting(key, value);
            }
        });
    }

    private static Exception? Unwrap(Exception? error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;
}
