using ColdEmail.Pipeline.Settings;
using YamlDotNet.RepresentationModel;

namespace ColdEmail.Cluster.Tests.Deploy;

/// <summary>deploy/docker-compose.yml and deploy/k8s/ parsed as YAML, and the ColdEmail settings they carry loaded as a node loads them.</summary>
public sealed class DeploymentFilesTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot(), "deploy");

    private static readonly Func<string, string?> Env = name => name is "COLDEMAIL_POSTGRES" or "COLDEMAIL_JOURNAL_POSTGRES"
        ? "Host=postgres;Database=coldemail;Username=coldemail;Password=x" : null;

    [Fact]
    public void Compose_runs_postgres_the_sandbox_init_and_three_nodes_with_one_seed_list_and_their_own_ports()
    {
        var services = (YamlMappingNode)Load(Path.Combine(Deploy, "docker-compose.yml"))[0]["services"];
        foreach (var name in new[] { "postgres", "sandbox", "init", "node1", "node2", "node3" }) Assert.True(services.Children.ContainsKey(name), name);

        var seedLists = new List<string>();
        for (var n = 1; n <= 3; n++)
        {
            var node = Merged((YamlMappingNode)services[$"node{n}"]);
            // Nodes share the simulator's loopback (plain-http Instantly is accepted only there); ports tell them apart.
            Assert.Equal("service:sandbox", node["network_mode"].ToString());
            var settings = SettingsLoader.Load(new SettingsSources(ConfigFile: Path.Combine(Deploy, "compose", $"node{n}.conf"), Environment: Env)).Settings;
            Assert.True(settings.Cluster.Enabled);
            Assert.Equal(PersistenceKind.Postgres, settings.Persistence.Kind);
            Assert.False(settings.Persistence.AutoInitialize);
            Assert.Equal(4052 + n, settings.Cluster.Port);
            Assert.Equal(DiscoveryMethod.Seeds, settings.Cluster.Discovery.Method);
            Assert.Contains($"akka.tcp://coldemail@{settings.Cluster.Hostname}:{settings.Cluster.Port}", settings.Cluster.SeedNodes);
            seedLists.Add(string.Join(",", settings.Cluster.SeedNodes));
            // The SIGTERM hand-over needs the settle time plus the actors' stop before docker's SIGKILL.
            var grace = DurationSeconds(node["stop_grace_period"].ToString());
            Assert.True(grace > settings.ShutdownTimeout.TotalSeconds + 10, $"stop_grace_period {grace}s");
        }
        Assert.Single(seedLists.Distinct());
    }

    [Fact]
    public void Kubernetes_runs_a_statefulset_that_joins_through_kubernetes_discovery_with_its_rbac_readiness_on_readyz_and_a_grace_period()
    {
        var docs = Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml").SelectMany(Load).Cast<YamlMappingNode>().ToList();
        YamlMappingNode Kind(string kind) => docs.Single(d => d["kind"].ToString() == kind);
        static IEnumerable<string> Items(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => c.ToString());

        var set = Kind("StatefulSet");
        var pod = (YamlMappingNode)set["spec"]["template"]["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        Assert.Equal("/readyz", container["readinessProbe"]["httpGet"]["path"].ToString());
        Assert.Equal(set["spec"]["serviceName"].ToString(), Kind("Service")["metadata"]["name"].ToString());

        // Each pod writes its own IP (status.podIP) into the shared settings: the Kubernetes API lists pods by IP.
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().Single(e => e["name"].ToString() == "POD_IP");
        Assert.Equal("status.podIP", env["valueFrom"]["fieldRef"]["fieldPath"].ToString());
        Assert.Contains("s/@POD_IP@/$POD_IP/", Items(container["args"]).Single());
        var conf = Kind("ConfigMap")["data"]["coldemail.conf"].ToString().Replace("@POD_IP@", "10.1.2.3", StringComparison.Ordinal);
        var settings = SettingsLoader.Load(new SettingsSources(ConfigText: conf, Environment: Env)).Settings;
        var cluster = settings.Cluster;
        Assert.True(cluster.Enabled);
        Assert.Equal("10.1.2.3", cluster.Hostname);

        // Discovery through the Kubernetes API, no seed nodes: the pods it finds are this StatefulSet's, at its remoting port.
        Assert.Equal(DiscoveryMethod.Kubernetes, cluster.Discovery.Method);
        Assert.Empty(cluster.SeedNodes);
        var replicas = int.Parse(set["spec"]["replicas"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(replicas, cluster.ExpectedNodes);
        Assert.Equal(replicas, cluster.Discovery.RequiredContactPoints);
        var selector = string.Format(System.Globalization.CultureInfo.InvariantCulture, cluster.Discovery.PodLabelSelector, cluster.Discovery.ServiceName);
        var labels = (YamlMappingNode)set["spec"]["template"]["metadata"]["labels"];
        foreach (var term in selector.Split(','))
        {
            var (key, value) = (term.Split('=')[0].Trim(), term.Split('=')[1].Trim());
            Assert.Equal(value, labels[key].ToString());
        }
        var remoting = ((YamlSequenceNode)container["ports"]).Children.Cast<YamlMappingNode>().Single(p => p["name"].ToString() == cluster.Discovery.PortName);
        Assert.Equal(cluster.Port, int.Parse(remoting["containerPort"].ToString(), System.Globalization.CultureInfo.InvariantCulture));

        // RBAC: the pods' service account may get, watch and list pods (what the API discovery asks).
        var account = pod["serviceAccountName"].ToString();
        Assert.Equal(account, Kind("ServiceAccount")["metadata"]["name"].ToString());
        var role = Kind("Role");
        var rule = (YamlMappingNode)((YamlSequenceNode)role["rules"]).Children.Single();
        Assert.Contains("pods", Items(rule["resources"]));
        Assert.Superset(new HashSet<string> { "get", "watch", "list" }, Items(rule["verbs"]).ToHashSet());
        var binding = Kind("RoleBinding");
        Assert.Equal(account, ((YamlSequenceNode)binding["subjects"]).Children.Single()["name"].ToString());
        Assert.Equal(role["metadata"]["name"].ToString(), binding["roleRef"]["name"].ToString());

        var grace = int.Parse(pod["terminationGracePeriodSeconds"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(grace > settings.ShutdownTimeout.TotalSeconds, $"terminationGracePeriodSeconds {grace}");
    }

    private static List<YamlNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    /// <summary>The service with its YAML merge key (<c>&lt;&lt;: *node</c>) applied, as docker compose reads it.</summary>
    private static YamlMappingNode Merged(YamlMappingNode service)
    {
        var merged = new YamlMappingNode();
        if (service.Children.TryGetValue(new YamlScalarNode("<<"), out var template))
            foreach (var (k, v) in ((YamlMappingNode)template).Children) merged.Children[k] = v;
        foreach (var (k, v) in service.Children.Where(c => c.Key.ToString() != "<<")) merged.Children[k] = v;
        return merged;
    }

    private static double DurationSeconds(string text) =>
        text.EndsWith('s') ? double.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture) : throw new FormatException(text);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ColdEmail.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ColdEmail.sln not found above " + AppContext.BaseDirectory);
    }
}
