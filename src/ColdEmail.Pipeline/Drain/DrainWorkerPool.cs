using Akka.Actor;
using Akka.Event;
using Akka.DependencyInjection;
using Akka.Routing;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Observability;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// A node's drain workers in a cluster, at a path that is the same on every node (<see cref="Name"/>, a top-level actor), so the
/// coordinator singleton's cluster-aware group router reaches every node's pool. Batches are data; each worker fetches and
/// deletes through this node's gateway (and its permit client), so Instantly calls and their payloads stay on this node. Decisions
/// go to the coordinator's journal through <paramref name="journal"/> (the singleton's proxy).
/// </summary>
public sealed class DrainWorkerPool : ReceiveActor
{
    public const string Name = "drain-workers";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PipelineServices _services;
    private readonly IActorRef _journal;
    private readonly string _node;
    private IActorRef _router;
    private int _batches;

    /// <summary>Settings, the journal and the node's address come with the Props; the services from the node's service provider.</summary>
    public DrainWorkerPool(DrainOptions options, IActorRef journal, string node,
        [FromKeyedServices(PipelineServiceRegistration.GatewayKey)] IInstantlyApi instantly, ILeadWarehouse warehouse,
        TimeProvider? time = null, ColdEmailMetrics? metrics = null)
    {
        options.Validate();
        _services = new PipelineServices(instantly, warehouse, time ?? TimeProvider.System) { Metrics = metrics };
        _journal = journal;
        _node = node;
        _router = StartRouter(options);

        Receive<DrainBatch>(batch =>
        {
            _batches++;
            _router.Forward(batch);
        });
        Receive<ApplyDrainSettings>(m =>
        {
            try
            {
                m.Options.Validate();
            }
            catch (ArgumentException e)
            {
                _log.Warning("Rejected drain settings: {Reason}", e.Message);
                return;
            }
            // A batch in progress finishes on the old workers (a stopped router's routees finish their message first).
            Context.Stop(_router);
            _router = StartRouter(m.Options);
        });
        Receive<GetDrainWorkerStatus>(_ => Sender.Tell(new DrainWorkerStatus(_node, _batches)));
    }

    public static Props Props(ActorSystem system, DrainOptions options, IActorRef journal, string node) =>
        DependencyResolver.For(system).Props<DrainWorkerPool>(options, journal, node);

    private IActorRef StartRouter(DrainOptions options) =>
        Context.ActorOf(DrainWorker.Props(options, _journal, _services.Instantly, _services.Warehouse, _services.Time, _services.Metrics)
            .WithRouter(new RoundRobinPool(options.Workers)), $"workers-{Guid.NewGuid():N}");
}

public sealed record GetDrainWorkerStatus
{
    public static readonly GetDrainWorkerStatus Instance = new();
}

/// <summary>A node's drain worker pool: its node address and the batches it was handed since it started.</summary>
public sealed record DrainWorkerStatus(string Node, int Batches);
