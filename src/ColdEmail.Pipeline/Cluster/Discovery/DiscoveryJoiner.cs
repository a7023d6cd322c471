using Akka.Actor;
using Akka.Event;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Pipeline.Cluster.Discovery;

/// <summary>
/// Looks this node's peers up (Akka.Discovery: config or the Kubernetes API) every second until at least required-contact-points
/// are found and the same set was seen for stable-margin, then joins them as seed nodes, lowest address first. Akka's seed
/// process then does the rest: the first seed node contacts the others and forms a new cluster only when none of them answers
/// (so a restarted lowest node rejoins the running cluster); every other node joins whichever seed node answers first. With
/// new-cluster-enabled off this node leaves itself out of the list, so it can only join a running cluster.
/// </summary>
public sealed class DiscoveryJoiner : ReceiveActor, IWithTimers
{
    public const string Name = "cluster-discovery";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Found(IReadOnlyList<Address> Nodes) : INoSerializationVerificationNeeded;

    private sealed record LookupFailed(string Reason) : INoSerializationVerificationNeeded;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ClusterDiscoverySettings _settings;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private IReadOnlyList<Address> _seen = [];
    private DateTimeOffset _seenSince;
    private bool _warnedSelf;

    public DiscoveryJoiner(ClusterDiscoverySettings settings)
    {
        _settings = settings;
        var discovery = Akka.Discovery.Discovery.Get(Context.System)
            .LoadServiceDiscovery(settings.Method == DiscoveryMethod.Kubernetes ? "kubernetes-api" : "config");
        var lookup = new Akka.Discovery.Lookup(settings.ServiceName, settings.Method == DiscoveryMethod.Kubernetes ? settings.PortName : null, "tcp");
        Receive<Tick>(_ => discovery.Lookup(lookup, ResolveTimeout).ContinueWith(t => t.IsCompletedSuccessfully
            ? new Found(t.Result.Addresses.Where(a => a.Port is not null).Select(a => AddressOf(a.Host, a.Port!.Value)).Distinct()
                .OrderBy(a => a.Host, StringComparer.Ordinal).ThenBy(a => a.Port).ToList())
            : (object)new LookupFailed(t.Exception?.GetBaseException().Message ?? "timed out"), TaskScheduler.Default).PipeTo(Self));
        Receive<LookupFailed>(m =>
        {
            _log.Warning("Cluster discovery ({Method}) failed: {Reason}; trying again", settings.Method, m.Reason);
            Timers.StartSingleTimer("tick", Tick.Instance, Interval);
        });
        Receive<Found>(OnFound);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClusterDiscoverySettings settings) => Akka.Actor.Props.Create(() => new DiscoveryJoiner(settings));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart() => Self.Tell(Tick.Instance);

    private Address AddressOf(string host, int port)
    {
        var self = _cluster.SelfAddress;
        return new Address(self.Protocol, self.System, host, port);
    }

    private void OnFound(Found m)
    {
        var now = Now;
        if (!m.Nodes.SequenceEqual(_seen))
        {
            _seen = m.Nodes;
            _seenSince = now;
            _log.Info("Cluster discovery ({Method}) found {Count} node(s): {Nodes}", _settings.Method, m.Nodes.Count, string.Join(", ", m.Nodes));
        }
        if (m.Nodes.Count < _settings.RequiredContactPoints || now - _seenSince < _settings.StableMargin)
        {
            Timers.StartSingleTimer("tick", Tick.Instance, Interval);
            return;
        }
        var self = _cluster.SelfAddress;
        if (!m.Nodes.Contains(self) && !_warnedSelf)
        {
            _warnedSelf = true;
            _log.Warning("This node's address {Self} is not among the nodes discovery found: set coldemail.cluster.hostname and port to what discovery returns (on Kubernetes, the pod's IP)", self);
        }
        var seeds = _settings.NewClusterEnabled ? m.Nodes : m.Nodes.Where(a => a != self).ToList();
        if (seeds.Count == 0)
        {
            Timers.StartSingleTimer("tick", Tick.Instance, Interval);
            return;
        }
        _log.Info("Joining the cluster through discovery; seed nodes {Seeds}", string.Join(", ", seeds));
        _cluster.JoinSeedNodes(seeds);
        Context.Stop(Self);
    }
}
