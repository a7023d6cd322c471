using Akka.Actor;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Tests.Support;

/// <summary>
/// Props for specs that run one actor on a plain TestKit system (no service provider): the services are handed to the actor's
/// constructor directly, as the node's DI does in the daemon.
/// </summary>
public static class TestProps
{
    public static Props Campaign(CampaignOptions campaign, SyncOptions options, PipelineServices s) =>
        Props.Create(() => new CampaignActor(campaign, options, s.Instantly, s.Warehouse, s.Time, s.Multiplier, s.Verifier, s.Metrics));

    public static Props Drain(DrainOptions options, PipelineServices s) =>
        Props.Create(() => new DrainCoordinator(options, s.Instantly, s.Warehouse, s.Time, s.Metrics, null));
}
