using Microsoft.Extensions.Options;

namespace Spaces.Streams;

/// <summary>The attribute rules of <see cref="StreamsOptions"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class StreamsAttributeValidator : IValidateOptions<StreamsOptions>;

/// <summary>Checks <see cref="StreamsOptions"/>: a known provider and its ranges, naming the field that is wrong.</summary>
public sealed class StreamsOptionsValidator : IValidateOptions<StreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamsOptions options)
    {
        var failures = new List<string>();
        var attributes = new StreamsAttributeValidator().Validate(name, options);
        if (attributes.Failed)
        {
            failures.AddRange(attributes.Failures);
        }

        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"Streams:Provider must be one of {string.Join(", ", Enum.GetNames<StreamsProvider>())}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem, for settings read before the host starts.</summary>
    public static StreamsOptions Checked(StreamsOptions options)
    {
        var result = new StreamsOptionsValidator().Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(StreamsOptions.Section, typeof(StreamsOptions), result.Failures) : options;
    }
}
