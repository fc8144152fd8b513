namespace Spaces.LiveKit;

/// <summary>Connection settings for a LiveKit server (configuration section <c>LiveKit</c>).</summary>
public sealed class LiveKitOptions
{
    public const string SectionName = "LiveKit";

    /// <summary>The ws:// or wss:// URL clients connect to.</summary>
    public Uri Url { get; set; } = new("ws://localhost:7880");

    /// <summary>The http(s) URL of the server API; derived from <see cref="Url"/> when not set.</summary>
    public Uri? ApiUrl { get; set; }

    public string ApiKey { get; set; } = "devkey";

    public string ApiSecret { get; set; } = "secret";

    /// <summary>How long participant tokens stay valid (more than zero, at most a day).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Deadline for one server API call (RoomService, Egress), including reading the response.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><see cref="ApiUrl"/>, or <see cref="Url"/> with ws mapped to http and wss to https.</summary>
    public Uri ResolveApiUrl()
    {
        if (ApiUrl is not null)
        {
            return ApiUrl;
        }

        var builder = new UriBuilder(Url)
        {
            Scheme = Url.Scheme == "wss" ? Uri.UriSchemeHttps : Uri.UriSchemeHttp,
        };
        // UriBuilder keeps the explicit port; drop it when it is the default of the old scheme.
        if (Url.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }
}
