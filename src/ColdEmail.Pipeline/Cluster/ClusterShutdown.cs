using System.Globalization;
using Akka.Hosting;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// Coordinated-shutdown phase timeouts of a cluster node, sized by coldemail.shutdown-timeout. On SIGTERM a node leaves: its
/// shard region hands its campaigns off (phase cluster-sharding-shutdown-region), then the singletons it runs hand over (phase
/// cluster-exiting) — the campaign catalog's hand-over lets the schedule's runs settle for the shutdown timeout first. Akka's
/// default for both phases is 10 s: with a longer shutdown timeout the phase gave up first, the actor system terminated, and the
/// runs were cut off without the schedule ever answering (so `run` could not tell). Each phase now outlasts the settle time.
/// </summary>
public static class ClusterShutdown
{
    /// <summary>After the settle time: the schedule's answer, the catalog's stop and the hand-over's last message.</summary>
    public static readonly TimeSpan AfterSettle = TimeSpan.FromSeconds(5);

    public static AkkaConfigurationBuilder WithColdEmailShutdownPhases(this AkkaConfigurationBuilder builder, TimeSpan settle)
    {
        var ms = ((long)(settle + AfterSettle).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return builder.AddHocon($$"""
            akka.coordinated-shutdown.phases {
              cluster-sharding-shutdown-region.timeout = {{ms}}ms
              cluster-exiting.timeout = {{ms}}ms
            }
            """, HoconAddMode.Prepend);
    }
}
