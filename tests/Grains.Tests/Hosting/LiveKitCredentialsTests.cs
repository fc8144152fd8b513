using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Spaces.Grains.Hosting;
using Spaces.LiveKit;

namespace Spaces.Grains.Tests.Hosting;

/// <summary>The check every silo and gateway runs at start: outside Development, no public or weak LiveKit credentials.</summary>
public sealed class LiveKitCredentialsTests
{
    private const string Strong = "a-random-livekit-secret-of-at-least-32-bytes";

    public static TheoryData<string, string, string> Refused => new()
    {
        { "devkey", Strong, "LiveKit:ApiKey" },
        { "prod-key", "secret", "LiveKit:ApiSecret" },
        { "prod-key", "thirty-one-bytes-is-not-enough", "LiveKit:ApiSecret" },
        { "prod-key", "change-me-to-a-long-random-secret-0123456789", "LiveKit:ApiSecret" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Outside_development_public_or_weak_credentials_are_refused_naming_the_setting(string key, string secret, string setting)
    {
        foreach (var environment in new[] { Environments.Production, Environments.Staging })
        {
            var result = Validate(environment, key, secret);

            Assert.True(result.Failed, $"{environment} accepted {setting}");
            Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Development_keeps_LiveKits_dev_credentials_and_production_takes_strong_ones()
    {
        Assert.True(Validate(Environments.Development, "devkey", "secret").Succeeded);
        Assert.True(Validate(Environments.Production, "prod-key", Strong).Succeeded);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, string key, string secret) =>
        new LiveKitCredentialsValidator(new HostingEnvironment { EnvironmentName = environment })
            .Validate(null, new LiveKitOptions { ApiKey = key, ApiSecret = secret });
}
