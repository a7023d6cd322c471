using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ColdEmail.Pipeline.Tests.Support;

/// <summary>
/// A generic host running the pipeline the way the daemon composes it: Akka.Hosting with the <c>With…</c> registrations, the
/// services in DI, the in-memory journal and every message serialized on its way (<see cref="PersistenceConfig.InMemory"/>).
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private PipelineHost(IHost host) => Host = host;

    public IHost Host { get; }
    public ActorSystem System => Host.Services.GetRequiredService<ActorSystem>();
    public ActorRegistry Registry => Host.Services.GetRequiredService<ActorRegistry>();
    public ColdEmailPipeline Pipeline => Host.Services.GetRequiredService<ColdEmailPipeline>();

    /// <param name="compose">The registrations (default: <see cref="PipelineHosting.AddColdEmailPipeline"/>).</param>
    /// <param name="services">Extra or replaced services; a null <paramref name="instantly"/> or <paramref name="warehouse"/> leaves it out.</param>
    /// <param name="pipelineServices">False leaves out the facade and the services it registers (AddColdEmailPipelineServices).</param>
    public static async Task<PipelineHost> StartAsync(PipelineOptions options, IInstantlyApi? instantly, ILeadWarehouse? warehouse, TimeProvider time,
        Action<AkkaConfigurationBuilder>? compose = null, Action<IServiceCollection>? services = null, bool pipelineServices = true)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        if (instantly is not null) builder.Services.AddSingleton(instantly);
        if (warehouse is not null) builder.Services.AddSingleton(warehouse);
        builder.Services.AddSingleton(time);
        builder.Services.AddAkka("pipeline-host-" + Guid.NewGuid().ToString("N")[..8], (akka, _) =>
        {
            akka.AddHocon(PersistenceConfig.InMemory, HoconAddMode.Prepend);
            if (compose is null) akka.AddColdEmailPipeline(options);
            else compose(akka);
        });
        if (pipelineServices) builder.Services.AddColdEmailPipelineFacade();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new PipelineHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
