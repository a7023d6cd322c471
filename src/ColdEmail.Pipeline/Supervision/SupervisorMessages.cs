using Akka.Actor;

namespace ColdEmail.Pipeline.Supervision;

/// <summary>Live reload of the whole pipeline; the supervisor forwards each part to its actor.</summary>
public sealed record ApplyPipelineSettings(PipelineOptions Options);

public sealed record GetPipelineRefs
{
    public static readonly GetPipelineRefs Instance = new();
}

/// <summary>The supervisor's children (each behind its backoff supervisor, which forwards messages).</summary>
public sealed record PipelineRefs(IActorRef Gateway, IReadOnlyDictionary<string, IActorRef> Campaigns, IActorRef Drain);

/// <summary>Answer to <see cref="ApplyPipelineSettings"/>: applied, or rejected with the reason (old settings stay).</summary>
public sealed record SettingsApplied(bool Accepted, string? Error);
