using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace ColdEmail.Instantly;

/// <summary>Either a value or an <see cref="InstantlyError"/>; never both.</summary>
public sealed record InstantlyResult<T>
{
    public T? Value { get; }
    public InstantlyError? Error { get; }
    /// <summary>How long the HTTP exchange took (for <c>api_response_time_ms</c>).</summary>
    public TimeSpan Elapsed { get; init; }

    // Private so callers go through Ok/Fail; [JsonConstructor] lets the actor protocol rebuild a result on the far side.
    [JsonConstructor]
    private InstantlyResult(T? value, InstantlyError? error) { Value = value; Error = error; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static InstantlyResult<T> Ok(T value) => new(value, null);
    public static InstantlyResult<T> Fail(InstantlyError error) => new(default, error);

    public InstantlyResult<TOut> Map<TOut>(Func<T, TOut> map) =>
        IsSuccess ? InstantlyResult<TOut>.Ok(map(Value)) with { Elapsed = Elapsed } : InstantlyResult<TOut>.Fail(Error) with { Elapsed = Elapsed };
}

public enum InstantlyErrorKind
{
    /// <summary>A non-2xx answer; <see cref="InstantlyError.StatusCode"/> says which.</summary>
    Http,
    /// <summary>A 2xx answer whose body is <c>{"error": …}</c>.</summary>
    ErrorInBody,
    /// <summary>No answer within the client's timeout: the request may have been applied.</summary>
    Timeout,
    /// <summary>The connection dropped before an answer: the request may have been applied.</summary>
    ConnectionDropped,
    /// <summary>A 2xx answer that is not the JSON the schema promises.</summary>
    InvalidResponse,
    /// <summary>The gateway refused to send: its circuit is open. Nothing reached Instantly.</summary>
    CircuitOpen,
}

/// <summary>
/// A failed call. It carries what Instantly said (the envelope's <c>error</c> and <c>message</c>) and
/// never the API key or the request's headers.
/// </summary>
public sealed record InstantlyError(
    InstantlyErrorKind Kind,
    int? StatusCode,
    string? Error,
    string Message,
    TimeSpan? RetryAfter = null)
{
    public override string ToString() =>
        StatusCode is { } code ? $"{Kind} {code} {Error}: {Message}" : $"{Kind}: {Message}";
}

/// <summary>Thrown only by the streaming list, where a result value cannot be returned mid-stream.</summary>
public sealed class InstantlyException(InstantlyError error) : Exception(error.ToString())
{
    public InstantlyError Error { get; } = error;
}
