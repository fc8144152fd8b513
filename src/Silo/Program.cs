using Spaces.Grains.Hosting;
using Spaces.Silo;

// A standalone silo of a cluster; gateways connect to it as Orleans clients. Providers come from the "Silo"
// section (see SiloOptions and deploy/README.md).
var builder = WebApplication.CreateBuilder(args);
builder.AddSpacesCluster();
builder.AddSpacesTelemetry("spaces-silo");
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health/live");
app.Run();
