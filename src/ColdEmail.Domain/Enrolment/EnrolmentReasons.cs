using ColdEmail.Domain.Retry;

namespace ColdEmail.Domain.Enrolment;

/// <summary>The words that explain why a lead was, or was not, created (they end up in `explain` and the run summary).</summary>
public static class EnrolmentReasons
{
    public const string Created = "created by bulk add";
    public const string FoundAfterFailedAdd = "found in Instantly after a failed add";
    public const string AlreadyInCampaign = "already in the campaign (reconciled)";
    public const string BackToPool = "not in Instantly: back to the pool";

    public const string PlanExhausted =
        "Instantly did not create the leads: the workspace's upload plan is exhausted (remaining_in_plan 0); the campaign's run stops and its leads stay ready";

    public static string AlreadyInWorkspace(FoundLead other) => $"already in the workspace (campaign {other.CampaignId ?? "none"})";

    public static string Rejected(InstantlyFailure failure) => $"Instantly rejected the lead ({failure.Status}): {failure.Message}";

    /// <summary>A request or account fault: no lead is to blame.</summary>
    public static string Stopped(BulkAddFault fault, InstantlyFailure failure)
    {
        var what = fault switch
        {
            BulkAddFault.Account => "Instantly refused the account or campaign",
            BulkAddFault.NotSent => "nothing was sent",
            _ => "Instantly refused the request",
        };
        return $"{what} ({failure}): no lead is at fault, the campaign's run stops and its leads stay ready";
    }

    public static string UnknownAfterFailedAdd(InstantlyFailure failure, string findError) =>
        $"bulk add failed ({failure}) and reconciliation failed ({findError}): outcome unknown, the batch stays open and the next run reconciles it first";

    public static string UnknownAfterAnsweredAdd(string findError) =>
        $"not created by the bulk add and reconciliation failed ({findError}): the batch stays open and the next run reconciles it first";

    public static string FailedWith(RetryDecision decision, InstantlyFailure failure) => $"{decision.Reason}; last error: {failure}";

    /// <summary>Why Instantly answered a bulk add without creating a lead that is not in the workspace either: its counters say.</summary>
    public static string NotCreated(LeadsAdded added)
    {
        var causes = new List<string>();
        if (added.InBlocklist > 0) causes.Add($"{added.InBlocklist} in blocklist");
        if (added.InvalidEmailCount > 0) causes.Add($"{added.InvalidEmailCount} invalid email(s)");
        if (added.IncompleteCount > 0) causes.Add($"{added.IncompleteCount} incomplete");
        if (added.DuplicateEmailCount > 0) causes.Add($"{added.DuplicateEmailCount} duplicate(s) in the batch");
        var why = causes.Count == 0 ? "no reason given" : string.Join(", ", causes);
        return $"Instantly did not create the lead and it is not in the workspace (batch: {why})";
    }

    public static string Abandoned(string batchId, string? findError) =>
        $"batch {batchId} abandoned by an operator while Instantly could not be asked ({findError}): the lead may be in Instantly; look before retrying";
}
