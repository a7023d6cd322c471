namespace ColdEmail.Pipeline.Settings;

/// <summary>Binds coldemail.cluster.discovery; every rule names its key.</summary>
internal static class ClusterDiscoveryBinding
{
    private const string Root = "coldemail.cluster.discovery.";

    public static ClusterDiscoverySettings Bind(HoconReader r, IReadOnlyList<string> seedNodes)
    {
        var methodText = r.String(Root + "method");
        DiscoveryMethod? method = methodText.ToLowerInvariant() switch
        {
            "seeds" => DiscoveryMethod.Seeds,
            "config" => DiscoveryMethod.Config,
            "kubernetes" => DiscoveryMethod.Kubernetes,
            _ => null,
        };
        if (method is null)
        {
            r.Fail(Root + "method", $"expected seeds, config or kubernetes, got '{methodText}'");
            method = DiscoveryMethod.Seeds;
        }
        if (method != DiscoveryMethod.Seeds && seedNodes.Count > 0)
            r.Fail("coldemail.cluster.seed-nodes", $"must be empty with discovery.method = {methodText}: the seed nodes are the nodes discovery finds");
        var endpoints = r.StringList(Root + "config.endpoints");
        foreach (var e in endpoints.Where(e => !IsEndpoint(e)))
            r.Fail(Root + "config.endpoints", $"'{e}' is not a remoting endpoint like node-1.internal:4053");
        if (method == DiscoveryMethod.Config && endpoints.Count == 0)
            r.Fail(Root + "config.endpoints", "list every node's remoting endpoint (host:port, its cluster.hostname and cluster.port) with discovery.method = config");
        var required = r.Int(Root + "required-contact-points", 1, 100);
        if (method == DiscoveryMethod.Config && endpoints.Count > 0 && required > endpoints.Count)
            r.Fail(Root + "required-contact-points", $"{required} contact points can never be found among the {endpoints.Count} config.endpoints");
        var selector = r.String(Root + "kubernetes.pod-label-selector", allowEmpty: false);
        return new ClusterDiscoverySettings(method.Value)
        {
            ServiceName = r.String(Root + "service-name", allowEmpty: false),
            RequiredContactPoints = required,
            NewClusterEnabled = r.Bool(Root + "new-cluster-enabled"),
            StableMargin = r.Duration(Root + "stable-margin", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            ConfigEndpoints = endpoints,
            PodLabelSelector = selector,
            PodNamespace = r.String(Root + "kubernetes.pod-namespace"),
            PortName = r.String(Root + "kubernetes.port-name", allowEmpty: false),
        };
    }

    private static bool IsEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535 && !text[..colon].Contains('/', StringComparison.Ordinal);
    }
}
