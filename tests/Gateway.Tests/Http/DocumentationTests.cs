using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Spaces.Contracts;
using Spaces.Contracts.Analytics;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Hosting;
using Spaces.Gateway.Realtime;
using Spaces.Gateway.Security;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.Grains.Payments;
using Spaces.LiveKit;
using Spaces.Streams;

namespace Spaces.Gateway.Tests.Http;

/// <summary>
/// docs/ keeps up with the code: every route the gateway serves, every error code, every event type and every
/// option is in the project's own documentation, so a reader of docs/ never meets an undocumented part.
/// </summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class DocumentationTests(GatewayHost host)
{
    private static readonly string Docs = Path.Combine(Repository.Root, "docs");

    [Fact]
    public async Task Every_route_in_the_OpenAPI_document_is_in_the_product_contract()
    {
        var product = Read("product.md");
        var document = await Api.ExpectAsync(await host.Api.Http.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        var missing = (
            from path in document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            let route = $"{operation.Key.ToUpperInvariant()} {path.Key}"
            where !Regex.IsMatch(product, $"`{Regex.Escape(route)}[`?]")
            select route).ToList();

        Assert.True(missing.Count == 0, $"docs/product.md lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_error_code_and_event_type_is_in_the_product_contract()
    {
        var product = Read("product.md");

        var missing = Constants(typeof(ErrorCodes)).Concat(Constants(typeof(SpaceEventTypes)))
            .Where(name => !product.Contains($"`{name}`", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"docs/product.md lacks: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData(typeof(SpacesOptions), "Spaces")]
    [InlineData(typeof(TicketOptions), "Tickets")]
    [InlineData(typeof(PaymentsOptions), "Payments")]
    [InlineData(typeof(LiveKitOptions), "LiveKit")]
    [InlineData(typeof(RealtimeOptions), "Realtime")]
    [InlineData(typeof(AuthOptions), "Auth")]
    [InlineData(typeof(GatewayOptions), "Gateway")]
    [InlineData(typeof(SecurityOptions), "Security")]
    [InlineData(typeof(RateLimitOptions), "RateLimits")]
    [InlineData(typeof(AnalyticsOptions), "Analytics")]
    [InlineData(typeof(Spaces.Streams.StreamsOptions), "Streams")]
    [InlineData(typeof(Spaces.Contracts.Analytics.AnalyticsArchiveOptions), "AnalyticsArchive")]
    public void Every_option_is_in_the_configuration_reference(Type options, string section)
    {
        var configuration = Read("configuration.md");
        var start = configuration.IndexOf($"## {section} ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/configuration.md has no section for {section}");
        var next = configuration.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var table = next < 0 ? configuration[start..] : configuration[start..next];

        var missing = Settings(options, "")
            .Where(name => !table.Contains($"| `{name}` |", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"docs/configuration.md, {section}, lacks: {string.Join(", ", missing)}");
    }

    /// <summary>The bindable settings of an options class, nested ones as <c>Parent:Child</c>.</summary>
    private static IEnumerable<string> Settings(Type options, string prefix) =>
        from property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.CanWrite && property.SetMethod!.IsPublic
        from name in IsNested(property.PropertyType)
            ? Settings(property.PropertyType, $"{prefix}{property.Name}:")
            : [$"{prefix}{property.Name}"]
        select name;

    private static bool IsNested(Type type) => type.IsClass && type != typeof(string) && type != typeof(Uri) && !type.IsGenericType;

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    private static string Read(string name) => File.ReadAllText(Path.Combine(Docs, name));
}
