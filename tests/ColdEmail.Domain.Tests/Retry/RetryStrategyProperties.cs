using ColdEmail.Domain.Retry;
using CsCheck;

namespace ColdEmail.Domain.Tests.Retry;

public class RetryStrategyProperties
{
    private static readonly Gen<decimal?> GenRevenue = Gen.Decimal[-1m, 20_000_000m].Nullable();

    [Fact]
    public void Delays_are_monotonic_non_decreasing_and_at_most_300_s() =>
        Gen.Select(Gen.Enum<FailureKind>(), Gen.Int[1, 1_000_000], GenRevenue).Sample((kind, attempt, revenue) =>
        {
            var now = RetryStrategy.Decide(kind, attempt, revenue);
            var next = RetryStrategy.Decide(kind, attempt + 1, revenue);
            if (now.Delay is { } d)
            {
                Assert.InRange(d, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(300));
                Assert.Equal(RetryAction.Retry, now.Action);
                if (next.Delay is { } n) Assert.True(n >= d, $"{kind}: attempt {attempt + 1} waits {n} < {d}");
            }
            else
            {
                Assert.NotEqual(RetryAction.Retry, now.Action);
                // Once a failure stops being retried, no later attempt is retried either.
                Assert.Null(next.Delay);
            }
        });

    [Fact]
    public void Retries_never_exceed_max_attempts() =>
        Gen.Select(Gen.Enum<FailureKind>(), Gen.Int[1, 1000], GenRevenue).Sample((kind, attempt, revenue) =>
        {
            var d = RetryStrategy.Decide(kind, attempt, revenue);
            if (d.Action == RetryAction.Retry) Assert.True(attempt <= d.MaxAttempts);
            Assert.False(string.IsNullOrWhiteSpace(d.Reason));
        });
}
