namespace ColdEmail.Pipeline.Settings;

/// <summary>How a node finds the others (coldemail.cluster.discovery.method; see hocon/cluster.conf).</summary>
public enum DiscoveryMethod
{
    /// <summary>Static seed nodes (coldemail.cluster.seed-nodes): no extra port, the list identical on every node.</summary>
    Seeds,

    /// <summary>Akka.Discovery's config method: the nodes' remoting endpoints listed in the settings (VMs, one machine).</summary>
    Config,

    /// <summary>Akka.Discovery.KubernetesApi: the nodes are the pods the Kubernetes API lists by label.</summary>
    Kubernetes,
}

/// <summary>
/// coldemail.cluster.discovery: with config or kubernetes a node looks its peers up through Akka.Discovery until
/// required-contact-points are found and the set is stable, then joins with them as seed nodes (lowest address first, so
/// every node picks the same one to form a new cluster); seed-nodes must then be empty.
/// </summary>
public sealed record ClusterDiscoverySettings(DiscoveryMethod Method)
{
    public static readonly ClusterDiscoverySettings Seeds = new(DiscoveryMethod.Seeds);

    /// <summary>The name looked up (the config service, or the pods' app label).</summary>
    public string ServiceName { get; init; } = "coldemail";

    /// <summary>Contact points that must be found before a new cluster forms: the node count of the first deployment.</summary>
    public int RequiredContactPoints { get; init; } = 3;

    /// <summary>Off once the cluster exists: a node then only joins a running cluster and never forms one.</summary>
    public bool NewClusterEnabled { get; init; } = true;

    /// <summary>How long the set of contact points found must stay the same before a new cluster forms.</summary>
    public TimeSpan StableMargin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>method = config: every node's remoting endpoint, "host:port" (cluster.hostname and cluster.port of each).</summary>
    public IReadOnlyList<string> ConfigEndpoints { get; init; } = [];

    /// <summary>method = kubernetes: the label selector of the pods ({0} = service-name).</summary>
    public string PodLabelSelector { get; init; } = "app={0}";

    /// <summary>method = kubernetes: the pods' namespace (empty: the pod's own, from its service account).</summary>
    public string PodNamespace { get; init; } = "";

    /// <summary>method = kubernetes: the name of the container port of Akka remoting (cluster.port).</summary>
    public string PortName { get; init; } = "remoting";

    public bool Equals(ClusterDiscoverySettings? other) =>
        other is not null && Method == other.Method && ServiceName == other.ServiceName && RequiredContactPoints == other.RequiredContactPoints
        && NewClusterEnabled == other.NewClusterEnabled && StableMargin == other.StableMargin
        && ConfigEndpoints.SequenceEqual(other.ConfigEndpoints) && PodLabelSelector == other.PodLabelSelector
        && PodNamespace == other.PodNamespace && PortName == other.PortName;

    public override int GetHashCode() => HashCode.Combine(Method, ServiceName, RequiredContactPoints, ConfigEndpoints.Count);
}
