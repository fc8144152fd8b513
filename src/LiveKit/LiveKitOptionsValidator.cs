using Microsoft.Extensions.Options;

namespace Spaces.LiveKit;

/// <summary>Rejects settings that would only fail later, naming the offending field.</summary>
public sealed class LiveKitOptionsValidator : IValidateOptions<LiveKitOptions>
{
    private static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, LiveKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = LiveKitOptions.SectionName;

        if (!HasScheme(options.Url, "ws", "wss"))
        {
            failures.Add($"{Section}:Url must be an absolute ws:// or wss:// URL (got '{options.Url}').");
        }

        if (options.ApiUrl is not null && !HasScheme(options.ApiUrl, Uri.UriSchemeHttp, Uri.UriSchemeHttps))
        {
            failures.Add($"{Section}:ApiUrl must be an absolute http:// or https:// URL (got '{options.ApiUrl}').");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{Section}:ApiKey must not be empty.");
        }

        // LiveKit's dev server secret is the 6-character "secret", so no minimum length is enforced.
        if (string.IsNullOrEmpty(options.ApiSecret))
        {
            failures.Add($"{Section}:ApiSecret must not be empty.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero || options.TokenLifetime > MaxTokenLifetime)
        {
            failures.Add($"{Section}:TokenLifetime must be more than zero and at most {MaxTokenLifetime} (got {options.TokenLifetime}).");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RequestTimeout must be more than zero (got {options.RequestTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool HasScheme(Uri? uri, params string[] schemes) =>
        uri is { IsAbsoluteUri: true } && schemes.Contains(uri.Scheme, StringComparer.Ordinal);
}
