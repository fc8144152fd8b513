using Microsoft.Extensions.Options;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Webhooks;

namespace Spaces.LiveKit.Tests;

/// <summary>Token components configured with an API key and secret (LiveKit's dev pair by default).</summary>
internal static class TestKeys
{
    public const string ApiKey = "devkey";
    public const string ApiSecret = "secret";

    public static AccessTokenIssuer Issuer(TimeProvider? time = null, string apiKey = ApiKey, string apiSecret = ApiSecret) =>
        new(Wrap(apiKey, apiSecret), time ?? TimeProvider.System);

    public static AccessTokenVerifier Verifier(TimeProvider? time = null, string apiKey = ApiKey, string apiSecret = ApiSecret) =>
        new(Wrap(apiKey, apiSecret), time ?? TimeProvider.System);

    public static WebhookReceiver Receiver(TimeProvider? time = null) => new(Verifier(time));

    private static IOptions<LiveKitOptions> Wrap(string apiKey, string apiSecret) =>
        Options.Create(new LiveKitOptions { ApiKey = apiKey, ApiSecret = apiSecret });
}
