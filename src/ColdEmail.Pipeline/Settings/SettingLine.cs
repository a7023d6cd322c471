namespace ColdEmail.Pipeline.Settings;

/// <summary>One effective setting as a HOCON key and its value; <see cref="Display"/> is masked for secrets.</summary>
public sealed record SettingLine(string Key, string Value, bool IsSecret)
{
    public string Display => IsSecret ? (Value.Length > 0 ? Secret.Mask : "(not set)") : Value;

    public override string ToString() => $"{Key} = {Display}";
}
