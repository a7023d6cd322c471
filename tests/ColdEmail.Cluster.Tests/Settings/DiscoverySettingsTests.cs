using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cluster.Tests.Settings;

/// <summary>coldemail.cluster.discovery read as a node reads it (defaults from hocon/coldemail.conf, then the file), with errors naming the key.</summary>
public sealed class DiscoverySettingsTests
{
    private static ClusterSettings Load(string hocon) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: hocon, Environment: _ => null)).Settings.Cluster;

    private static SettingsError[] Errors(string hocon) => Assert.Throws<SettingsException>(() => Load(hocon)).Errors.ToArray();

    [Fact]
    public void Static_seed_nodes_stay_the_default()
    {
        var cluster = Load("coldemail.cluster.seed-nodes = [\"akka.tcp://coldemail@10.0.0.1:4053\"]");
        Assert.Equal(DiscoveryMethod.Seeds, cluster.Discovery.Method);
        Assert.Equal(["akka.tcp://coldemail@10.0.0.1:4053"], cluster.SeedNodes);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    public void Minimum_members_below_the_expected_nodes_or_one_node_alone_is_accepted(int expected, int minimum)
    {
        var cluster = Load($"coldemail.cluster {{ expected-nodes = {expected}, minimum-members = {minimum} }}");
        Assert.Equal((expected, minimum), (cluster.ExpectedNodes, cluster.MinimumMembers));
    }

    [Fact]
    public void Config_discovery_reads_its_endpoints()
    {
        var d = Load("""
            coldemail.cluster.discovery {
              method = config
              required-contact-points = 2
              new-cluster-enabled = off
              config.endpoints = ["10.0.0.7:4053", "10.0.0.8:4053"]
            }
            """).Discovery;
        Assert.Equal(DiscoveryMethod.Config, d.Method);
        Assert.Equal(["10.0.0.7:4053", "10.0.0.8:4053"], d.ConfigEndpoints);
        Assert.Equal((2, false, "remoting"), (d.RequiredContactPoints, d.NewClusterEnabled, d.PortName));
    }

    [Theory]
    [InlineData("coldemail.cluster.discovery.method = dns", "coldemail.cluster.discovery.method", "seeds, config or kubernetes")]
    [InlineData("coldemail.cluster.discovery.method = config", "coldemail.cluster.discovery.config.endpoints", "list every node's remoting endpoint")]
    [InlineData("coldemail.cluster.discovery { method = config, config.endpoints = [\"http://a:1\"] }", "coldemail.cluster.discovery.config.endpoints", "'http://a:1'")]
    [InlineData("coldemail.cluster.discovery { method = config, config.endpoints = [\"a:1\"], required-contact-points = 3 }",
        "coldemail.cluster.discovery.required-contact-points", "among the 1 config.endpoints")]
    [InlineData("coldemail.cluster { seed-nodes = [\"akka.tcp://coldemail@a:4053\"], discovery { method = kubernetes } }",
        "coldemail.cluster.seed-nodes", "must be empty with discovery.method = kubernetes")]
    [InlineData("coldemail.cluster.discovery.required-contact-points = 0", "coldemail.cluster.discovery.required-contact-points", "")]
    [InlineData("coldemail.cluster { expected-nodes = 3, minimum-members = 3 }", "coldemail.cluster.minimum-members", "must be below expected-nodes (3)")]
    [InlineData("coldemail.cluster { expected-nodes = 2, minimum-members = 2 }", "coldemail.cluster.minimum-members", "must be below expected-nodes (2)")]
    public void Bad_discovery_settings_name_their_key(string hocon, string key, string message)
    {
        var error = Assert.Single(Errors(hocon), e => e.Key == key);
        Assert.Contains(message, error.Message);
    }
}
