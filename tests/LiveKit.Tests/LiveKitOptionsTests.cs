using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.LiveKit.RoomService;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Tests;

public sealed class LiveKitOptionsTests
{
    [Theory]
    [InlineData("ws://localhost:7880", "http://localhost:7880/")]
    [InlineData("wss://spaces.livekit.cloud", "https://spaces.livekit.cloud/")]
    [InlineData("wss://lk.example.com:8443/base", "https://lk.example.com:8443/base")]
    public void ApiUrl_is_derived_from_the_client_url(string url, string expected) =>
        Assert.Equal(new Uri(expected), new LiveKitOptions { Url = new Uri(url) }.ResolveApiUrl());

    [Fact]
    public void An_explicit_ApiUrl_wins() =>
        Assert.Equal(
            new Uri("http://livekit-internal:7880"),
            new LiveKitOptions { Url = new Uri("wss://public.example.com"), ApiUrl = new Uri("http://livekit-internal:7880") }.ResolveApiUrl());

    [Fact]
    public void Defaults_are_valid_for_a_local_dev_server() =>
        Assert.True(new LiveKitOptionsValidator().Validate(null, new LiveKitOptions()).Succeeded);

    public static TheoryData<string, Action<LiveKitOptions>> InvalidSettings => new()
    {
        { "LiveKit:Url", o => o.Url = new Uri("http://localhost:7880") },
        { "LiveKit:Url", o => o.Url = new Uri("/relative", UriKind.Relative) },
        { "LiveKit:ApiUrl", o => o.ApiUrl = new Uri("ws://localhost:7880") },
        { "LiveKit:ApiKey", o => o.ApiKey = " " },
        { "LiveKit:ApiSecret", o => o.ApiSecret = "" },
        { "LiveKit:TokenLifetime", o => o.TokenLifetime = TimeSpan.Zero },
        { "LiveKit:TokenLifetime", o => o.TokenLifetime = TimeSpan.FromHours(25) },
        { "LiveKit:RequestTimeout", o => o.RequestTimeout = TimeSpan.FromSeconds(-1) },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void The_validator_names_the_bad_field(string field, Action<LiveKitOptions> breakIt)
    {
        var options = new LiveKitOptions();
        breakIt(options);

        var result = new LiveKitOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(field + " ", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLiveKit_binds_the_section_and_registers_the_services()
    {
        using var provider = BuildProvider(new()
        {
            ["LiveKit:Url"] = "wss://lk.example.com",
            ["LiveKit:ApiKey"] = "prodkey",
            ["LiveKit:ApiSecret"] = "a-long-production-secret",
            ["LiveKit:TokenLifetime"] = "00:30:00",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<LiveKitOptions>>().Value;
        Assert.Equal(new Uri("https://lk.example.com/"), options.ResolveApiUrl());
        Assert.Equal(TimeSpan.FromMinutes(30), options.TokenLifetime);

        var token = provider.GetRequiredService<AccessTokenIssuer>().CreateToken("alice", new VideoGrant { RoomJoin = true });
        Assert.Equal("prodkey", provider.GetRequiredService<AccessTokenVerifier>().Verify(token).Issuer);
        Assert.NotNull(provider.GetRequiredService<RoomServiceClient>());
        Assert.NotNull(provider.GetRequiredService<Webhooks.WebhookReceiver>());
    }

    [Fact]
    public void AddLiveKit_validates_on_start()
    {
        using var provider = BuildProvider(new() { ["LiveKit:Url"] = "https://not-a-websocket", ["LiveKit:ApiKey"] = "" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("LiveKit:Url", error.Message, StringComparison.Ordinal);
        Assert.Contains("LiveKit:ApiKey", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLiveKit(configuration.GetSection(LiveKitOptions.SectionName)).BuildServiceProvider();
    }
}
