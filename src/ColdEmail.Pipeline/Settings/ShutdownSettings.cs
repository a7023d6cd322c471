using Akka.Configuration;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Binds <c>coldemail.shutdown-timeout</c>: how long a stopping daemon lets in-flight sync/drain batches finish
/// after SIGTERM or Ctrl-C. Read once at start ([restart]) because the host's own stop deadline is derived from it.
/// </summary>
public static class ShutdownSettings
{
    public const string Key = "coldemail.shutdown-timeout";

    /// <summary>What stopping needs after the runs settled (actor system, journal): the host waits this much longer.</summary>
    public static readonly TimeSpan AfterSettle = TimeSpan.FromSeconds(10);

    internal static TimeSpan Bind(Config merged, List<SettingsError> errors) =>
        new HoconReader(merged, errors).Duration(Key, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));
}
