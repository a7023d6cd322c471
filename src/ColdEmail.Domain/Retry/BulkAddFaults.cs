using System.Text.RegularExpressions;

namespace ColdEmail.Domain.Retry;

/// <summary>
/// Decides the scope of a failed bulk add (<see cref="BulkAddFault"/>) and whether a batch may be split.
/// Splitting is only worth it when one lead is at fault: a request error bisected down to single leads costs
/// 2N−1 calls and would blame every lead for a problem none of them has.
/// </summary>
public static partial class BulkAddFaults
{
    public static BulkAddFault Classify(AnswerKind answer, int? status, string? message) => answer switch
    {
        AnswerKind.NotSent => BulkAddFault.NotSent,
        AnswerKind.NoAnswer or AnswerKind.ErrorInBody or AnswerKind.Garbage => BulkAddFault.Unclear,
        _ => status switch
        {
            null => BulkAddFault.Unclear,
            429 => BulkAddFault.RateLimited,
            408 or (>= 500 and <= 599) => BulkAddFault.Unclear,
            409 => BulkAddFault.Duplicate,
            401 or 402 or 403 or 404 => BulkAddFault.Account,
            400 or 422 when LeadIndex(message) is not null => BulkAddFault.LeadData,
            400 or 422 when NamesTopLevelField(message) => BulkAddFault.Request,
            422 => BulkAddFault.LeadData,
            400 => BulkAddFault.Ambiguous,
            _ => BulkAddFault.Request,
        },
    };

    /// <summary>The index N of <c>body/leads/N/…</c> (or <c>leads[N]</c>) in a validation message; null when no lead is named.</summary>
    public static int? LeadIndex(string? message)
    {
        if (string.IsNullOrEmpty(message)) return null;
        var m = LeadPath().Match(message);
        return m.Success && int.TryParse(m.Groups["n"].ValueSpan, out var n) ? n : null;
    }

    /// <summary>
    /// True when the message is about the body itself or one of its top-level fields (<c>body/campaign_id …</c>,
    /// <c>body must have required property …</c>, <c>body/leads must NOT have more than 1000 items</c>).
    /// </summary>
    public static bool NamesTopLevelField(string? message) =>
        !string.IsNullOrEmpty(message) && LeadIndex(message) is null && TopLevelPath().IsMatch(message);

    /// <summary>
    /// After a batch failed with an <see cref="BulkAddFault.Ambiguous"/> error and one lead was sent alone: a probe that
    /// fails exactly as the batch did shows the request is at fault (no split); anything else (success, another
    /// error) shows the batch's error came from some lead (split).
    /// </summary>
    public static bool ProbeShowsRequestError(int? batchStatus, string? batchMessage, bool probeSucceeded, int? probeStatus, string? probeMessage) =>
        !probeSucceeded && batchStatus == probeStatus && string.Equals(batchMessage?.Trim(), probeMessage?.Trim(), StringComparison.Ordinal);

    [GeneratedRegex(@"\bbody/leads(?:/|\[)(?<n>\d+)|\bleads\[(?<n>\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex LeadPath();

    [GeneratedRegex(@"\bbody(?:/[A-Za-z_]\w*)?(?=\s|$|[:,.'""])", RegexOptions.CultureInvariant)]
    private static partial Regex TopLevelPath();
}
