using Microsoft.Extensions.Options;
using Spaces.Contracts.Analytics;

namespace Spaces.Grains.Hosting;

/// <summary>The attribute rules of <see cref="AnalyticsOptions"/> (generated): a bad value fails the start, naming the field.</summary>
[OptionsValidator]
internal sealed partial class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>;
