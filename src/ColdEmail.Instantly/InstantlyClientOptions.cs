namespace ColdEmail.Instantly;

/// <summary>Where and how the HTTP client talks to Instantly. The key never leaves this record in text form.</summary>
public sealed record InstantlyClientOptions
{
    public static readonly Uri DefaultBaseAddress = new("https://api.instantly.ai/");

    public Uri BaseAddress { get; init; } = DefaultBaseAddress;
    public required string ApiKey { get; init; }
    /// <summary>One HTTP exchange, headers and body; past it the call ends as <see cref="InstantlyErrorKind.Timeout"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    // Records print every property; the key must not be one of them.
    public override string ToString() =>
        $"InstantlyClientOptions {{ BaseAddress = {BaseAddress}, ApiKey = {Mask(ApiKey)}, Timeout = {Timeout} }}";

    internal static string Mask(string? key) => string.IsNullOrEmpty(key) ? "(none)" : "****";
}
