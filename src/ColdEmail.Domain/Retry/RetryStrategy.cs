namespace ColdEmail.Domain.Retry;

/// <summary>
/// The seed's retry table. <c>attempt</c> is the 1-based number of the attempt that just failed. The
/// seed's formula min(300, 30·2^n) counts retries from 0, and its own comment lists the waits it means:
/// 30 s, 60 s, 120 s, 240 s, 300 s — so the first 429 waits 30 s (n = attempt − 1).
/// A 5xx waits 10·attempt s: 10, 20, 30. Leads with revenue over 5,000,000 get 10 tries on 429 instead of 5.
/// MaxAttempts counts retries, as the seed's comments do (one listed delay per attempt: "10s, 20s, 30s"):
/// failed attempt n is retried while n ≤ MaxAttempts; failure number MaxAttempts + 1 is exhausted.
/// </summary>
public static class RetryStrategy
{
    public const int MaxDelaySeconds = 300;
    public const int RateLimitAttempts = 5;
    public const int RateLimitAttemptsHighValue = 10;
    public const int ServerErrorAttempts = 3;
    public const decimal HighValueRevenue = 5_000_000m;

    public static RetryDecision Decide(FailureKind kind, int attempt, decimal? revenue)
    {
        if (attempt < 1)
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "attempt is the 1-based attempt that just failed");

        switch (kind)
        {
            case FailureKind.RateLimited:
            {
                var highValue = revenue > HighValueRevenue;
                var max = highValue ? RateLimitAttemptsHighValue : RateLimitAttempts;
                var who = highValue ? " (high-value lead, revenue > 5,000,000)" : "";
                if (attempt > max)
                    return Exhausted(max, $"rate limited (429) {attempt} times, more than the {max} retries allowed{who}");
                var delay = RateLimitDelay(attempt);
                return new(RetryAction.Retry, delay, max,
                    $"rate limited (429) on attempt {attempt}, retry {attempt} of {max}{who}: retry in {delay.TotalSeconds:0} s");
            }
            case FailureKind.ServerError:
            {
                if (attempt > ServerErrorAttempts)
                    return Exhausted(ServerErrorAttempts, $"server error (5xx/timeout) {attempt} times, more than the {ServerErrorAttempts} retries allowed");
                var delay = ServerErrorDelay(attempt);
                return new(RetryAction.Retry, delay, ServerErrorAttempts,
                    $"server error (5xx/timeout) on attempt {attempt}, retry {attempt} of {ServerErrorAttempts}: retry in {delay.TotalSeconds:0} s");
            }
            case FailureKind.Validation:
                return new(RetryAction.Quarantine, null, 0, "Instantly rejected the lead's data (422): quarantine, do not retry");
            case FailureKind.Duplicate:
                return new(RetryAction.MarkExisting, null, 0, "the lead already exists in Instantly (409): mark as existing");
            default:
                return new(RetryAction.DeadLetter, null, 0, $"{kind} failure is not retryable: permanent dead letter");
        }
    }

    public static TimeSpan RateLimitDelay(int attempt)
    {
        // 2^9·30 already exceeds 300; clamping the exponent keeps huge attempts from overflowing.
        var seconds = Math.Min(MaxDelaySeconds, 30L << Math.Clamp(attempt - 1, 0, 9));
        return TimeSpan.FromSeconds(seconds);
    }

    public static TimeSpan ServerErrorDelay(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(MaxDelaySeconds, 10L * Math.Max(attempt, 0)));

    private static RetryDecision Exhausted(int max, string why) =>
        new(RetryAction.DeadLetter, null, max, $"{why}: permanent dead letter for a person to look at (`dead-letters retry` revives it)", Exhausted: true);
}
