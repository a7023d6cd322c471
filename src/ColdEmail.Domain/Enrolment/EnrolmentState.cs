using System.Collections.Immutable;
using ColdEmail.Domain.Retry;

namespace ColdEmail.Domain.Enrolment;

/// <summary>
/// Where the enrolment of one batch stands: the work still to do (a stack, so a split batch's first half is finished
/// before its second, as a person would), the request whose answer is awaited, and the leads settled so far.
/// Immutable: <see cref="EnrolmentDecider"/> returns a new state with every decision.
/// </summary>
public sealed record EnrolmentState
{
    internal EnrolmentState(ImmutableArray<EnrolmentLead> leads, EnrolmentPolicy policy, string? stopReason)
    {
        Leads = leads;
        Policy = policy;
        StopReason = stopReason;
    }

    public ImmutableArray<EnrolmentLead> Leads { get; }

    public EnrolmentPolicy Policy { get; }

    /// <summary>Why the run stops sending (a request or account fault), or null. Once set, every lead not yet sent is returned untouched.</summary>
    public string? StopReason { get; init; }

    public ImmutableList<LeadSettlement> Settled { get; init; } = [];

    internal ImmutableStack<Attempt> Work { get; init; } = [];

    internal Awaiting? Waiting { get; init; }

    /// <summary>
    /// Another batch of the same run stopped it (batches may be enrolled side by side): leads not yet sent are
    /// returned untouched from now on. A stop of this batch's own is kept.
    /// </summary>
    public EnrolmentState StoppedByRun(string? reason) =>
        reason is null || StopReason is not null ? this : this with { StopReason = reason };

    internal EnrolmentState Settle(IEnumerable<LeadSettlement> settled) => this with { Settled = Settled.AddRange(settled) };

    internal EnrolmentState Push(Attempt attempt) => this with { Work = Work.Push(attempt) };
}

/// <summary>Leads (positions in the batch) to send together; <paramref name="Number"/> counts this run's sends of them.</summary>
/// <param name="LeadFault">A parent batch showed its error belongs to some lead: split without probing again.</param>
internal sealed record Attempt(ImmutableArray<int> Leads, int Number, bool LeadFault);

/// <summary>The request whose answer the decider waits for, and what it meant to do with it.</summary>
internal abstract record Awaiting;

internal sealed record AwaitingAdd(Attempt Attempt) : Awaiting;

/// <summary>The first lead of <paramref name="Attempt"/> went alone after the batch failed with an ambiguous 400.</summary>
internal sealed record AwaitingProbe(Attempt Attempt, InstantlyFailure BatchFailure) : Awaiting;

/// <summary>A failed add that may have been applied (or a 409) is checked against Instantly before anything is sent again.</summary>
internal sealed record AwaitingFindAfterFailure(Attempt Attempt, BulkAddFault Fault, InstantlyFailure Failure) : Awaiting;

/// <summary>A bulk add was answered but did not create these leads: are they in Instantly after all?</summary>
internal sealed record AwaitingFindNotCreated(ImmutableArray<int> Rest, LeadsAdded Added) : Awaiting;

internal sealed record AwaitingPause(Attempt Next) : Awaiting;
