namespace ColdEmail.Warehouse.BigQuery;

/// <summary>What to do about a BigQuery error, from its HTTP status, <c>reason</c> and message.</summary>
internal enum BigQueryRetry
{
    /// <summary>Not retried: a bad query, a missing table, a long-term quota.</summary>
    None,
    /// <summary>Send the same request again (same requestId: BigQuery returns the job it already started, never runs it twice).</summary>
    SameRequest,
    /// <summary>The job ran and was aborted without effect: submit it again as a new job (a new requestId).</summary>
    NewJob,
}

/// <summary>
/// Google's guidance (cloud.google.com/bigquery/docs/troubleshoot-quotas, /error-messages): <c>rateLimitExceeded</c>
/// (HTTP 403, or a job's errorResult) is a short-term limit, retried with exponential backoff; <c>quotaExceeded</c>
/// is a long-term limit ("wait 10 minutes or longer"), not worth retrying inside a run, except the quotaExceeded
/// errors whose message is "Exceeded rate limits: …", which the documentation treats as the short-term kind;
/// 5xx (<c>backendError</c>, <c>internalError</c>) are retried. A transaction or DML statement "aborted due to
/// concurrent update" (HTTP 400) lost a race with another writer of the same table and ran without effect: it is
/// submitted again.
/// </summary>
internal static class BigQueryFailure
{
    public static BigQueryRetry Classify(int? status, string? reason, string? message)
    {
        message ??= "";
        if (IsConcurrentUpdate(message)) return BigQueryRetry.NewJob;
        if (IsRateLimit(reason, message)) return status is null ? BigQueryRetry.NewJob : BigQueryRetry.SameRequest;
        if (reason is "backendError" or "internalError") return status is null ? BigQueryRetry.NewJob : BigQueryRetry.SameRequest;
        if (status is 429 or >= 500) return BigQueryRetry.SameRequest;
        return BigQueryRetry.None;
    }

    private static bool IsConcurrentUpdate(string message) =>
        message.Contains("due to concurrent update", StringComparison.OrdinalIgnoreCase);

    private static bool IsRateLimit(string? reason, string message) =>
        reason is "rateLimitExceeded" or "jobRateLimitExceeded"
        || (reason is "quotaExceeded" && message.Contains("Exceeded rate limits", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A job that failed in a way a new submission can fix (see <see cref="BigQueryRetry.NewJob"/>).</summary>
internal sealed class RetryableJobException(string message, string? jobId) : WarehouseException(message, null, jobId);
