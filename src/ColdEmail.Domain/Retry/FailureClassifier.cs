namespace ColdEmail.Domain.Retry;

/// <summary>Maps an HTTP answer (or its absence) to the seed's failure kinds.</summary>
public static class FailureClassifier
{
    /// <summary>Null status means no answer at all (timeout, dropped connection): treated as 5xx.</summary>
    public static FailureKind FromHttpStatus(int? status) => status switch
    {
        null => FailureKind.ServerError,
        429 => FailureKind.RateLimited,
        >= 500 and <= 599 => FailureKind.ServerError,
        408 => FailureKind.ServerError,
        422 => FailureKind.Validation,
        409 => FailureKind.Duplicate,
        _ => FailureKind.Other,
    };
}
