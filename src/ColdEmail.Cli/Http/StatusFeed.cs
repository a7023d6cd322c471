using Akka.Actor;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Observability;
using Microsoft.Extensions.Hosting;

namespace ColdEmail.Cli.Http;

/// <summary>
/// Feeds <see cref="PipelineStatus"/> from outside the runs: the breaker's transitions from the actor system's event
/// stream, and the warehouse's counts once at start (then after every run, see <see cref="ObservingRunNotifier"/>).
/// </summary>
public sealed class StatusFeed(ActorSystem system, PipelineStatus status, WarehouseStatusReader reader) : IHostedService
{
    private IActorRef? _listener;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = system.ActorOf(Props.Create(() => new CircuitListener(status)), "status-feed");
        system.EventStream.Subscribe(_listener, typeof(CircuitBreakerStateChanged));
        await reader.RefreshAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            system.EventStream.Unsubscribe(_listener);
            system.Stop(_listener);
        }
        return Task.CompletedTask;
    }

    private sealed class CircuitListener : ReceiveActor
    {
        public CircuitListener(PipelineStatus status) =>
            Receive<CircuitBreakerStateChanged>(change => status.SetCircuit(change.To, change.At));
    }
}
