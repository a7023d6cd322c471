using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.State;

namespace ColdEmail.Sandbox.Hosting;

/// <summary>Everything the endpoints share: state, engine, faults, limits, key and mode.</summary>
internal sealed class SandboxRuntime
{
    public required SandboxOptions Options { get; init; }
    public required SandboxState State { get; init; }
    public required CampaignEngine Engine { get; init; }
    public required FaultInjector Faults { get; init; }
    /// <summary>Faults armed for the next calls of one operation (see <see cref="ScriptedFault"/>).</summary>
    public ScriptedFaults Script { get; } = new();
    public required WorkspaceRateLimiter RateLimiter { get; init; }
    public required TimeProvider Clock { get; init; }
    public required string ApiKey { get; init; }
    /// <summary>Webhook subscriptions and the delivery log; <see cref="Dispatcher"/> sends the deliveries.</summary>
    public required Webhooks.WebhookRegistry Webhooks { get; init; }
    public required Webhooks.WebhookDispatcher Dispatcher { get; init; }
    public volatile bool Strict;
}
