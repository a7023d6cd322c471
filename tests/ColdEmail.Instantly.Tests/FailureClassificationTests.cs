using ColdEmail.Domain.Retry;
using ColdEmail.Instantly;

namespace ColdEmail.Instantly.Tests;

public sealed class FailureClassificationTests
{
    [Theory]
    [InlineData(InstantlyErrorKind.Http, 429, false, FailureKind.RateLimited)]
    [InlineData(InstantlyErrorKind.Http, 500, false, FailureKind.ServerError)]
    [InlineData(InstantlyErrorKind.Http, 503, false, FailureKind.ServerError)]
    [InlineData(InstantlyErrorKind.Timeout, null, false, FailureKind.ServerError)]
    [InlineData(InstantlyErrorKind.ConnectionDropped, null, false, FailureKind.ServerError)]
    [InlineData(InstantlyErrorKind.Http, 422, false, FailureKind.Validation)]
    [InlineData(InstantlyErrorKind.Http, 400, true, FailureKind.Validation)]
    [InlineData(InstantlyErrorKind.Http, 400, false, FailureKind.Other)]
    [InlineData(InstantlyErrorKind.Http, 409, false, FailureKind.Duplicate)]
    [InlineData(InstantlyErrorKind.Http, 401, false, FailureKind.Other)]
    [InlineData(InstantlyErrorKind.Http, 403, true, FailureKind.Other)]
    [InlineData(InstantlyErrorKind.Http, 404, false, FailureKind.Other)]
    [InlineData(InstantlyErrorKind.ErrorInBody, 200, false, FailureKind.Other)]
    [InlineData(InstantlyErrorKind.InvalidResponse, 200, false, FailureKind.Other)]
    [InlineData(InstantlyErrorKind.CircuitOpen, null, false, FailureKind.Other)]
    public void Errors_map_to_the_retry_tables_kinds(InstantlyErrorKind kind, int? status, bool leadData, FailureKind expected) =>
        Assert.Equal(expected, InstantlyFailures.Classify(new InstantlyError(kind, status, null, "x"), leadData));
}
