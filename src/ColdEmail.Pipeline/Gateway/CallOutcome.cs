using ColdEmail.Domain.Throttling;
using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>Reads an adapter's error as what it tells the limiter and the breaker (<see cref="CallOutcomeKind"/>).</summary>
public static class CallOutcome
{
    public static CallOutcomeKind Classify(InstantlyError? error) => error switch
    {
        null => CallOutcomeKind.Success,
        { Kind: InstantlyErrorKind.Http, StatusCode: 429 } => CallOutcomeKind.RateLimited,
        { Kind: InstantlyErrorKind.Http, StatusCode: >= 500 } => CallOutcomeKind.ServiceFailure,
        { Kind: InstantlyErrorKind.Timeout or InstantlyErrorKind.ConnectionDropped or InstantlyErrorKind.InvalidResponse }
            => CallOutcomeKind.ServiceFailure,
        _ => CallOutcomeKind.ClientError,
    };
}
