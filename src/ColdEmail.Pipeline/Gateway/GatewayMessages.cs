using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>Send one request to Instantly through the breaker and the limiter; answered with a <see cref="GatewayReply"/>.</summary>
public sealed record InstantlyCall(InstantlyOperation Operation);

/// <summary>Live reload of both halves of the gateway.</summary>
public sealed record ApplyGatewaySettings(RateLimiterOptions RateLimiter, CircuitBreakerOptions CircuitBreaker, GatewayOptions Gateway);

public sealed record GatewayOptions
{
    /// <summary>Requests allowed in flight at once; more wait for a slot (the limiter spaces their starts).</summary>
    public int MaxInFlight { get; init; } = 64;

    public void Validate()
    {
        if (MaxInFlight < 1) throw new ArgumentOutOfRangeException(nameof(MaxInFlight), MaxInFlight, "must be at least 1");
    }
}
