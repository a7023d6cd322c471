using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Pipeline.Cluster.Discovery;

/// <summary>
/// Joining through Akka.Discovery (coldemail.cluster.discovery.method = config | kubernetes): the discovery method's settings and
/// this node's <see cref="DiscoveryJoiner"/>, which looks the peers up and joins them. With method = seeds nothing is added.
/// Akka.Management's Cluster Bootstrap is not used: its HTTP endpoint cannot start with the Ceen.Httpd served here
/// (Directory.Packages.props says why); joining the discovered nodes as seed nodes needs no extra port.
/// </summary>
public static class DiscoveryHosting
{
    public static AkkaConfigurationBuilder WithColdEmailDiscovery(this AkkaConfigurationBuilder builder, ClusterSettings cluster)
    {
        var d = cluster.Discovery;
        if (d.Method == DiscoveryMethod.Seeds) return builder;
        if (d.Method == DiscoveryMethod.Config)
        {
            var endpoints = string.Join(", ", d.ConfigEndpoints.Select(e => "\"" + e + "\""));
            builder.AddHocon($$"""akka.discovery.config.services { "{{d.ServiceName}}" { endpoints = [{{endpoints}}] } }""", HoconAddMode.Prepend);
        }
        else
        {
            builder.WithKubernetesDiscovery(new KubernetesDiscoveryOptions
            {
                PodLabelSelector = d.PodLabelSelector,
                PodNamespace = d.PodNamespace.Length > 0 ? d.PodNamespace : null,
            });
        }
        return builder.WithActors((system, _) => system.ActorOf(DiscoveryJoiner.Props(d), DiscoveryJoiner.Name));
    }
}
