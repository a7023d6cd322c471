namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// A secret value (API key, webhook URL, connection string). Its string form is always masked, so a secret
/// can sit in a record that gets logged or printed without leaking; only <see cref="Reveal"/> gives the value.
/// </summary>
public sealed record Secret
{
    public const string Mask = "********";

    private readonly string _value;

    public Secret(string? value) => _value = value?.Trim() ?? "";

    public static Secret Empty { get; } = new("");

    public bool IsSet => _value.Length > 0;

    public string Reveal() => _value;

    public override string ToString() => IsSet ? Mask : "(not set)";
}
