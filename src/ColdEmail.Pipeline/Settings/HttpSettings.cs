using Akka.Configuration;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.http: the daemon's HTTP endpoint (health, readiness, metrics, status page, webhooks), served by
/// <c>coldemail run</c> and <c>demo --serve</c>. Read once at start ([restart]): a listening socket cannot move live.
/// </summary>
/// <param name="Urls">Where Kestrel listens; port 0 picks a free port (the daemon logs the bound address).</param>
public sealed record HttpSettings(bool Enabled, IReadOnlyList<Uri> Urls)
{
    public const string Key = "coldemail.http";

    /// <summary>Replaces coldemail.http.urls when set: the Docker image listens on 0.0.0.0 without a config edit.</summary>
    public const string UrlsEnvironmentVariable = "COLDEMAIL_HTTP_URLS";

    public static readonly HttpSettings Default = new(true, [new Uri("http://127.0.0.1:8780")]);

    internal static HttpSettings Bind(Config merged, List<SettingsError> errors, Func<string, string?> env)
    {
        var r = new HoconReader(merged, errors);
        var enabled = r.Bool(Key + ".enabled");
        var key = Key + ".urls";
        var fromEnv = env(UrlsEnvironmentVariable);
        var text = string.IsNullOrWhiteSpace(fromEnv) ? r.String(key) : fromEnv;
        var origin = string.IsNullOrWhiteSpace(fromEnv) ? key : $"{key} (from {UrlsEnvironmentVariable})";
        var urls = new List<Uri>();
        foreach (var part in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(part, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttp
                && url.AbsolutePath == "/" && string.IsNullOrEmpty(url.Query) && !url.IsDefaultPort)
            {
                urls.Add(url);
            }
            else
            {
                errors.Add(new SettingsError(origin, $"'{part}' is not an address to listen on; expected http://HOST:PORT, e.g. http://127.0.0.1:8780 (port 0 picks a free one)"));
            }
        }
        if (enabled && urls.Count == 0 && !errors.Any(e => e.Key.StartsWith(key, StringComparison.Ordinal)))
        {
            errors.Add(new SettingsError(origin, "must name at least one address when coldemail.http.enabled = on"));
        }
        return new HttpSettings(enabled, urls);
    }
}
