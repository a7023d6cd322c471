using ColdEmail.Domain.Retry;

namespace ColdEmail.Domain.Tests.Retry;

public class RetryStrategyTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(5, 300)]
    public void Rate_limit_waits_the_seeds_30_60_120_240_300(int attempt, int seconds)
    {
        var d = RetryStrategy.Decide(FailureKind.RateLimited, attempt, 100_000m);
        Assert.Equal(RetryAction.Retry, d.Action);
        Assert.Equal(TimeSpan.FromSeconds(seconds), d.Delay);
        Assert.Equal(5, d.MaxAttempts);
        Assert.Contains("429", d.Reason);
    }

    [Fact]
    public void Rate_limit_gives_up_after_5_with_a_permanent_dead_letter_for_a_person()
    {
        var d = RetryStrategy.Decide(FailureKind.RateLimited, 6, 100_000m);
        Assert.Equal(RetryAction.DeadLetter, d.Action);
        Assert.True(d.Exhausted);
        Assert.True(d.Permanent);
        Assert.Null(d.Delay);
        Assert.Contains("dead-letters retry", d.Reason);
    }

    [Theory]
    [InlineData("5000000", 5)]
    [InlineData("5000000.01", 10)]
    public void High_value_leads_get_10_rate_limit_attempts(string revenue, int max)
    {
        var r = decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(max, RetryStrategy.Decide(FailureKind.RateLimited, 1, r).MaxAttempts);
        Assert.Equal(RetryAction.Retry, RetryStrategy.Decide(FailureKind.RateLimited, max, r).Action);
        Assert.Equal(RetryAction.DeadLetter, RetryStrategy.Decide(FailureKind.RateLimited, max + 1, r).Action);
    }

    [Fact]
    public void Unknown_revenue_is_not_high_value() =>
        Assert.Equal(5, RetryStrategy.Decide(FailureKind.RateLimited, 1, null).MaxAttempts);

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 30)]
    public void Server_errors_wait_10_times_the_attempt(int attempt, int seconds)
    {
        var d = RetryStrategy.Decide(FailureKind.ServerError, attempt, null);
        Assert.Equal(RetryAction.Retry, d.Action);
        Assert.Equal(TimeSpan.FromSeconds(seconds), d.Delay);
        Assert.Equal(3, d.MaxAttempts);
    }

    [Fact]
    public void Server_errors_give_up_after_3_with_a_permanent_dead_letter()
    {
        var d = RetryStrategy.Decide(FailureKind.ServerError, 4, null);
        Assert.Equal(RetryAction.DeadLetter, d.Action);
        Assert.True(d.Exhausted);
        Assert.True(d.Permanent);
    }

    [Fact]
    public void A_high_value_lead_is_permanent_only_after_its_10_rate_limit_retries()
    {
        Assert.False(RetryStrategy.Decide(FailureKind.RateLimited, 10, 6_000_000m).Permanent);
        Assert.True(RetryStrategy.Decide(FailureKind.RateLimited, 11, 6_000_000m).Permanent);
    }

    [Fact]
    public void Validation_quarantines() =>
        Assert.Equal(RetryAction.Quarantine, RetryStrategy.Decide(FailureKind.Validation, 1, null).Action);

    [Fact]
    public void Duplicate_marks_as_existing() =>
        Assert.Equal(RetryAction.MarkExisting, RetryStrategy.Decide(FailureKind.Duplicate, 1, null).Action);

    [Fact]
    public void Anything_else_is_a_permanent_dead_letter()
    {
        var d = RetryStrategy.Decide(FailureKind.Other, 1, null);
        Assert.Equal(RetryAction.DeadLetter, d.Action);
        Assert.True(d.Permanent);
        Assert.False(d.Exhausted);
    }

    [Fact]
    public void Attempt_zero_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryStrategy.Decide(FailureKind.RateLimited, 0, null));

    [Theory]
    [InlineData(null, FailureKind.ServerError)]
    [InlineData(429, FailureKind.RateLimited)]
    [InlineData(500, FailureKind.ServerError)]
    [InlineData(503, FailureKind.ServerError)]
    [InlineData(408, FailureKind.ServerError)]
    [InlineData(422, FailureKind.Validation)]
    [InlineData(409, FailureKind.Duplicate)]
    [InlineData(401, FailureKind.Other)]
    [InlineData(404, FailureKind.Other)]
    public void Http_statuses_map_to_failure_kinds(int? status, FailureKind kind) =>
        Assert.Equal(kind, FailureClassifier.FromHttpStatus(status));
}
