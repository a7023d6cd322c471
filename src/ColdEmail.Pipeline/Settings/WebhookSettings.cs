namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.webhooks: Instantly's webhooks into the daemon. <see cref="Token"/> (env <c>COLDEMAIL_WEBHOOK_TOKEN</c>) is the
/// receiver's whole authentication (Instantly signs nothing): the receiver answers only at
/// <c>/webhooks/instantly/{token}</c> and is off while no token is set. <see cref="PublicUrl"/> is where Instantly reaches
/// the daemon (without the path); <c>coldemail webhooks register</c> subscribes <c>{public-url}/webhooks/instantly/{token}</c>.
/// All read at start ([restart]).
/// </summary>
public sealed record WebhookSettings(Uri? PublicUrl, Secret Token, TimeSpan ReplayInterval, TimeSpan DedupeRetention)
{
    public const string EnvToken = "COLDEMAIL_WEBHOOK_TOKEN";
    public const string Prefix = "coldemail.webhooks.";
    /// <summary>A token shorter than this is guessable: refused at load.</summary>
    public const int MinTokenLength = 16;

    public static readonly WebhookSettings Default = new(null, Secret.Empty, TimeSpan.FromHours(1), TimeSpan.FromDays(30));

    public bool ReceiverEnabled => Token.IsSet;

    internal static WebhookSettings Bind(HoconReader r, Func<string, string?> env)
    {
        var token = new Secret(env(EnvToken));
        if (token.IsSet && (token.Reveal().Length < MinTokenLength || token.Reveal().Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))))
            r.Fail(EnvToken, $"must be at least {MinTokenLength} characters of A-Z, a-z, 0-9, '-' or '_' (e.g. `openssl rand -hex 32`)");
        return new WebhookSettings(
            r.Url(Prefix + "public-url", required: false),
            token,
            r.Duration(Prefix + "replay-interval", TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            r.Duration(Prefix + "dedupe-retention", TimeSpan.FromHours(1), TimeSpan.FromDays(365)));
    }
}
