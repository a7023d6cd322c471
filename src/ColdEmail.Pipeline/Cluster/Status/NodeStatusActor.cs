using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Hosting;
using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Cluster.Campaigns;
using ColdEmail.Pipeline.Gateway;

namespace ColdEmail.Pipeline.Cluster.Status;

/// <summary>
/// Every node runs one at <see cref="Path"/>, so the node serving `cluster status` can ask each member what it hosts: a fixed
/// path on every member answers or times out, which tells "unreachable" from "hosts nothing" without waiting for silence.
/// The parts are asked of this node's own actors; one that does not answer in time is left null and named in Problems.
/// </summary>
public sealed class NodeStatusActor : ReceiveActor
{
    public const string Name = "cluster-node-status";
    public const string Path = "/user/" + Name;

    private static readonly TimeSpan PartTimeout = TimeSpan.FromSeconds(2);

    public NodeStatusActor(Func<CancellationToken, Task<CircuitStatus>>? breaker)
    {
        ReceiveAsync<GetNodeStatus>(async _ =>
        {
            var replyTo = Sender;
            var problems = new List<string>();
            var campaigns = await Part(HostedCampaignsAsync, "campaign shard region", problems) ?? [];
            var (managers, hosted) = Singletons();
            using var deadline = new CancellationTokenSource(PartTimeout);
            var circuit = breaker is null ? null : await Part(() => breaker(deadline.Token), "circuit breaker", problems);
            var permits = ActorRegistry.For(Context.System).TryGet<WorkspacePermitClient>(out var client)
                ? await Part(() => client.Ask<PermitClientStatus>(GetPermitClientStatus.Instance, PartTimeout), "permit client", problems)
                : null;
            replyTo.Tell(new NodeStatusReport(Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString(), campaigns, managers, hosted, circuit, permits, problems));
        });
    }

    public static Props Props(Func<CancellationToken, Task<CircuitStatus>>? breaker) => Akka.Actor.Props.Create(() => new NodeStatusActor(breaker));

    private static async Task<T?> Part<T>(Func<Task<T>> ask, string what, List<string> problems) where T : class
    {
        try
        {
            return await ask();
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException or TimeoutException)
        {
            problems.Add($"{what}: no answer within {PartTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            problems.Add($"{what}: {e.Message}");
        }
        return null;
    }

    /// <summary>The entity ids this node's campaign region hosts now (none when the region is not started here).</summary>
    private async Task<IReadOnlyList<string>> HostedCampaignsAsync()
    {
        var region = ClusterSharding.Get(Context.System).ShardRegion(CampaignSharding.TypeName);
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, PartTimeout);
        return state.Shards.SelectMany(s => s.EntityIds).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The singleton managers among the top-level actors and their children (the catalog and the drain coordinator are
    /// managed under the pipeline supervisor), and those whose singleton child runs here (only the oldest member's manager
    /// has one). Read from the actor tree, so singletons added later are reported without a list to maintain.
    /// </summary>
    private (IReadOnlyList<string> Managers, IReadOnlyList<string> Hosted) Singletons()
    {
        var managers = new List<string>();
        var hosted = new List<string>();
        var topLevel = ((ActorRefWithCell)((ExtendedActorSystem)Context.System).Guardian).Children.OfType<ActorRefWithCell>().ToList();
        foreach (var actor in topLevel.Concat(topLevel.SelectMany(t => t.Children.OfType<ActorRefWithCell>())))
        {
            // Actors may be repointable refs: their cell, not the ref's type, tells what they run.
            if (actor.Underlying.Props.Type != typeof(ClusterSingletonManager)) continue;
            managers.Add(actor.Path.Name);
            // Besides the singleton itself a manager keeps its oldest-changed buffer on every node; any other child is
            // the singleton, whatever it was named.
            if (actor.Children.OfType<ActorRefWithCell>().Any(c => c.Underlying.Props.Type.Name != "OldestChangedBuffer")) hosted.Add(actor.Path.Name);
        }
        return (managers.Order(StringComparer.Ordinal).ToList(), hosted.Order(StringComparer.Ordinal).ToList());
    }
}
