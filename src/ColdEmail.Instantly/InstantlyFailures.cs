using ColdEmail.Domain.Retry;

namespace ColdEmail.Instantly;

/// <summary>Maps a failed call to the seed's retry table (<see cref="FailureKind"/>).</summary>
public static class InstantlyFailures
{
    /// <param name="error">The failure.</param>
    /// <param name="aboutLeadData">True when the request carried a lead's own data (create, bulk add): then a 400 is that lead's validation problem, not ours.</param>
    public static FailureKind Classify(InstantlyError error, bool aboutLeadData = false) => error.Kind switch
    {
        InstantlyErrorKind.Timeout or InstantlyErrorKind.ConnectionDropped => FailureKind.ServerError,
        InstantlyErrorKind.Http => error.StatusCode switch
        {
            429 => FailureKind.RateLimited,
            >= 500 and <= 599 => FailureKind.ServerError,
            422 => FailureKind.Validation,
            400 when aboutLeadData => FailureKind.Validation,
            409 => FailureKind.Duplicate,
            _ => FailureKind.Other,
        },
        _ => FailureKind.Other,
    };
}
