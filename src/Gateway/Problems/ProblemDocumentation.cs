using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Spaces.Contracts;
using Spaces.Gateway.Security;
using Microsoft.OpenApi;

namespace Spaces.Gateway.Problems;

/// <summary>Endpoint metadata: stable error codes a route may answer with (several entries on one route add up).</summary>
internal sealed class ProblemCodesMetadata(IReadOnlyList<string> codes)
{
    public IReadOnlyList<string> Codes { get; } = codes;
}

/// <summary>
/// Documents the error model in <c>/openapi/v1.json</c>: each route lists its problem responses, one per status,
/// as <c>application/problem+json</c> whose <c>code</c> enumerates the stable codes that status can carry there.
/// </summary>
internal static class ProblemDocumentation
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Declares the codes a route (or every route of a group) may answer with; unknown codes fail at start-up.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params ReadOnlySpan<string> codes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var code in codes)
        {
            ProblemCatalog.StatusOf(code);
        }

        return builder.WithMetadata(new ProblemCodesMetadata([.. codes]));
    }

    public static void AddProblemResponses(this OpenApiOptions options) => options.AddOperationTransformer<ProblemResponsesTransformer>();

    private sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<ProblemCodesMetadata>().SelectMany(m => m.Codes).ToList();
            var codes = declared.Count == 0 ? declared : declared.Concat(SharedCodes(context.Description)).Distinct(StringComparer.Ordinal);
            foreach (var byStatus in codes.GroupBy(ProblemCatalog.StatusOf).OrderBy(g => g.Key))
            {
                operation.Responses ??= [];
                operation.Responses[byStatus.Key.ToString()] = Response(byStatus.Key, [.. byStatus.Order(StringComparer.Ordinal)]);
            }

            return Task.CompletedTask;
        }

        /// <summary>
        /// What API routes answer besides their own rules: a refused grain-storage write, a cluster that could not
        /// answer, the body bound where there is a body, and a 429 where the per-user rate limits' table names the route.
        /// </summary>
        private static IEnumerable<string> SharedCodes(ApiDescription route)
        {
            yield return ErrorCodes.StorageUnavailable;
            yield return ErrorCodes.ClusterUnavailable;

            if (route.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
            {
                yield return ErrorCodes.BodyTooLarge;
            }

            if (route.HttpMethod is { } method && UserRateLimits.IsLimited(method, "/" + route.RelativePath))
            {
                yield return ErrorCodes.RateLimited;
            }
        }

        private static OpenApiResponse Response(int status, IReadOnlyList<string> codes)
        {
            var response = new OpenApiResponse
            {
                Description = $"{ReasonPhrases.GetReasonPhrase(status)}: code is one of {string.Join(", ", codes)}.",
                Content = new Dictionary<string, OpenApiMediaType> { [ProblemContentType] = new() { Schema = ProblemSchema(status, codes) } },
            };
            if (status == StatusCodes.Status429TooManyRequests)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    },
                };
            }

            return response;
        }

        private static OpenApiSchema ProblemSchema(int status, IReadOnlyList<string> codes) => new()
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 7807 problem details with the stable code clients switch on.",
            Required = new HashSet<string> { "status", "title", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI naming the problem: https://spaces.dev/problems/{code}."),
                ["title"] = Text("The HTTP reason phrase."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Enum = [JsonValue.Create(status)] },
                ["detail"] = Text("What went wrong, for people: which rule said no, or which field is wrong and why."),
                ["instance"] = Text("The request path."),
                ["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The stable error code, one per rule.",
                    Enum = [.. codes.Select(code => (JsonNode)JsonValue.Create(code))],
                },
                ["field"] = Text("For bad input: the request field, query parameter, path segment or header at fault."),
            },
        };

        private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
    }
}
