namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.instantly: where the Instantly API is and how to authenticate.</summary>
public sealed record InstantlySettings(Uri BaseUrl, Secret ApiKey, TimeSpan Timeout);
