using System.Security.Cryptography;
using System.Text;

namespace ColdEmail.Cli.Http.Webhooks;

/// <summary>
/// The receiver's secret path segment. Compared in constant time over SHA-256 digests, so neither the content nor the
/// length of the expected token shows in the time a wrong guess takes.
/// </summary>
public sealed class WebhookToken
{
    private readonly byte[]? _digest;

    public WebhookToken(string? token) => _digest = string.IsNullOrEmpty(token) ? null : Digest(token);

    public bool IsSet => _digest is not null;

    public bool Matches(string? candidate) =>
        _digest is not null && candidate is not null && CryptographicOperations.FixedTimeEquals(_digest, Digest(candidate));

    private static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>The URL with its last path segment (the token) masked, for anything printed or logged.</summary>
    public static string Mask(string url)
    {
        var cut = url.TrimEnd('/').LastIndexOf('/');
        return cut < 0 ? url : url[..(cut + 1)] + Pipeline.Settings.Secret.Mask;
    }
}
