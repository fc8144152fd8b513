using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Spaces.Contracts;
using Spaces.Gateway.Problems;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Http;

/// <summary>
/// The error model is in <c>/openapi/v1.json</c>: every route lists its problem responses (status and stable codes),
/// so a client generated from the document knows them, and every code there is a real <see cref="ErrorCodes"/> constant.
/// </summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class OpenApiProblemTests(GatewayHost host)
{
    private static readonly HashSet<string> KnownCodes = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task Every_route_lists_problem_responses_whose_codes_are_real_error_codes()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        Assert.True(operations.Count >= 40, $"only {operations.Count} operations in the document");
        foreach (var (name, operation) in operations)
        {
            var problems = Problems(operation);
            Assert.True(problems.Count > 0, $"{name} lists no problem responses");
            foreach (var (status, codes) in problems)
            {
                Assert.NotEmpty(codes);
                foreach (var code in codes)
                {
                    Assert.True(KnownCodes.Contains(code), $"{name} lists \"{code}\", which is not an ErrorCodes constant");
                    Assert.Equal(ProblemCatalog.StatusOf(code), status);
                }
            }
        }
    }

    [Fact]
    public async Task Every_signed_in_route_lists_401_unauthenticated()
    {
        var document = await DocumentAsync();

        foreach (var (name, operation) in Operations(document).Where(o => !Tagged(o.Operation, "Webhooks", "Development")))
        {
            Assert.True(Problems(operation).TryGetValue(401, out var codes) && codes.Contains(ErrorCodes.Unauthenticated), $"{name} does not list 401 unauthenticated");
        }
    }

    [Theory]
    [InlineData("post", "/v1/spaces/{id}/join", 403, ErrorCodes.RemovedFromSpace)]
    [InlineData("post", "/v1/spaces/{id}/join", 403, ErrorCodes.TicketRequired)]
    [InlineData("post", "/v1/spaces/{id}/join", 409, ErrorCodes.SpaceNotLive)]
    [InlineData("post", "/v1/spaces/{id}/join", 404, ErrorCodes.SpaceNotFound)]
    [InlineData("post", "/v1/spaces", 400, ErrorCodes.TitleTooLong)]
    [InlineData("post", "/v1/spaces", 403, ErrorCodes.NotEligibleToHost)]
    [InlineData("post", "/v1/spaces/{id}/speakers/{userId}", 409, ErrorCodes.StageFull)]
    [InlineData("post", "/v1/spaces/{id}/reactions", 429, ErrorCodes.ReactionRateLimited)]
    [InlineData("post", "/v1/spaces/{id}/tickets", 402, ErrorCodes.PaymentDeclined)]
    [InlineData("post", "/v1/spaces/{id}/tickets", 409, ErrorCodes.SoldOut)]
    [InlineData("put", "/v1/admin/users/{id}/followers", 403, ErrorCodes.AdminOnly)]
    [InlineData("post", "/v1/webhooks/livekit", 401, ErrorCodes.InvalidWebhookSignature)]
    [InlineData("post", "/v1/dev/token", 400, ErrorCodes.InvalidJson)]
    public async Task A_route_lists_the_codes_its_rules_answer_with(string method, string path, int status, string code)
    {
        var operation = (await DocumentAsync())["paths"]![path]![method]!;

        Assert.True(Problems(operation).TryGetValue(status, out var codes), $"{method} {path} lists no {status}");
        Assert.Contains(code, codes);
    }

    [Fact]
    public async Task A_problem_response_is_problem_json_with_the_status_and_the_rate_limit_header()
    {
        var responses = (await DocumentAsync())["paths"]!["/v1/spaces/{id}/reactions"]!["post"]!["responses"]!;

        var schema = responses["429"]!["content"]!["application/problem+json"]!["schema"]!;
        Assert.Equal([429], schema["properties"]!["status"]!["enum"]!.AsArray().Select(s => s!.GetValue<int>()));
        Assert.Contains("code", schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.NotNull(schema["properties"]!["field"]);
        Assert.NotNull(responses["429"]!["headers"]!["Retry-After"]);
    }

    [Fact]
    public async Task An_answered_problem_carries_a_code_the_route_lists()
    {
        var user = await host.Api.UserAsync();
        var response = await host.Api.SendAsync(HttpMethod.Post, "/v1/spaces/AAAAAAAAAAAAA/join", user.Token);
        var problem = await Api.ExpectAsync(response, HttpStatusCode.NotFound);

        var listed = Problems((await DocumentAsync())["paths"]!["/v1/spaces/{id}/join"]!["post"]!);
        Assert.Contains(problem["code"]!.GetValue<string>(), listed[404]);
    }

    [Fact]
    public void Every_error_code_has_a_documented_status()
    {
        Assert.Equal(KnownCodes.Order(StringComparer.Ordinal), ProblemCatalog.All.Keys.Order(StringComparer.Ordinal));
    }

    private async Task<JsonNode> DocumentAsync() =>
        await Api.ExpectAsync(await host.Api.Http.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select ($"{operation.Key.ToUpperInvariant()} {path.Key}", operation.Value!);

    /// <summary>The operation's problem+json responses: status → the codes its schema enumerates.</summary>
    private static Dictionary<int, List<string>> Problems(JsonNode operation) =>
        operation["responses"]!.AsObject()
            .Where(r => r.Value?["content"]?["application/problem+json"] is not null)
            .ToDictionary(
                r => int.Parse(r.Key),
                r => r.Value!["content"]!["application/problem+json"]!["schema"]!["properties"]!["code"]!["enum"]!.AsArray()
                    .Select(c => c!.GetValue<string>()).ToList());

    private static bool Tagged(JsonNode operation, params string[] tags) =>
        operation["tags"]?.AsArray().Any(t => tags.Contains(t!.GetValue<string>())) == true;
}
