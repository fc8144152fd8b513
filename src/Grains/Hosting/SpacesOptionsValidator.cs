using Microsoft.Extensions.Options;
using Spaces.Contracts;

namespace Spaces.Grains.Hosting;

/// <summary>Checks each limit's range (generated from the attributes) and the rules that tie limits together.</summary>
[OptionsValidator]
internal sealed partial class SpacesOptionsValidator : IValidateOptions<SpacesOptions>;

internal sealed class SpacesOptionsConsistency : IValidateOptions<SpacesOptions>
{
    public ValidateOptionsResult Validate(string? name, SpacesOptions options)
    {
        var failures = new List<string>();
        if (options.MinFollowersToHostTicketed < options.MinFollowersToHost)
        {
            failures.Add($"{nameof(SpacesOptions.MinFollowersToHostTicketed)} must be at least {nameof(SpacesOptions.MinFollowersToHost)}.");
        }

        if (options.MaxCohosts + 1 > options.MaxStageSize)
        {
            failures.Add($"{nameof(SpacesOptions.MaxStageSize)} must leave room for the host and {nameof(SpacesOptions.MaxCohosts)} co-hosts.");
        }

        if (options.DefaultListenersPageSize > options.MaxListenersPageSize)
        {
            failures.Add($"{nameof(SpacesOptions.DefaultListenersPageSize)} must not exceed {nameof(SpacesOptions.MaxListenersPageSize)}.");
        }

        if (options.HlsPublicBaseUrl is { } hls && (!hls.IsAbsoluteUri || hls.Scheme is not ("http" or "https") || hls.Query.Length > 0 || hls.Fragment.Length > 0))
        {
            failures.Add($"{nameof(SpacesOptions.HlsPublicBaseUrl)} must be an absolute http(s) URL without query or fragment (the CDN in front of the egress storage).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
