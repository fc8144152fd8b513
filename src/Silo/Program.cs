using Spaces.Grains;
using Spaces.Grains.Hosting;
using Spaces.Silo;

// A standalone silo of a cluster; gateways connect to it as Orleans clients.
var builder = WebApplication.CreateBuilder(args);
var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
builder.UseOrleans(orleans =>
{
    orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, primarySiloEndpoint: null, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
    orleans.AddMemoryGrainStorage(StorageNames.Spaces);
    orleans.UseInMemoryReminderService();
    orleans.AddSpacesGrains(builder.Configuration);
});
builder.AddSpacesTelemetry("spaces-silo");
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health/live");
app.Run();
