namespace ColdEmail.Domain.Enrolment;

/// <summary>
/// Settles a batch a crash (or an operator) left claimed but unsettled, from what Instantly holds: in our campaign,
/// active; elsewhere, skipped; nowhere, back to the pool. Nothing is sent again before this is known.
/// </summary>
public static class BatchRecovery
{
    public static IReadOnlyList<LeadSettlement> FromReconciliation(IReadOnlyList<string> emails, Reconciliation found, string activeReason) =>
        emails.Select(email =>
            found.InCampaign.TryGetValue(email, out var mine)
                ? new LeadSettlement(email, SettlementKind.Active, mine.Id, activeReason)
                : found.Elsewhere.TryGetValue(email, out var other)
                    ? new LeadSettlement(email, SettlementKind.Skipped, other.Id, EnrolmentReasons.AlreadyInWorkspace(other))
                    : new LeadSettlement(email, SettlementKind.Returned, null, EnrolmentReasons.BackToPool)).ToList();

    /// <summary>
    /// An operator releases a batch while Instantly cannot be asked: every lead may exist there, so each becomes a
    /// permanent dead letter for a person to look at (never retried blindly, never returned to the pool).
    /// </summary>
    public static IReadOnlyList<LeadSettlement> AbandonedUnknown(string batchId, IReadOnlyList<string> emails, int? status, string? findError) =>
        emails.Select(email => new LeadSettlement(email, SettlementKind.DeadLetter, null,
            EnrolmentReasons.Abandoned(batchId, findError), status, "Abandoned", 0, null, Permanent: true)).ToList();
}
