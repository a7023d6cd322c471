namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.lease.ttl ([restart]): how long the sync/drain lease stays valid without renewal. The holder renews it every
/// third of that; a process that stops renewing (killed, paused) lets another take over once it has expired, and its own
/// writes are refused from the expiry on.
/// </summary>
public sealed record LeaseSettings(TimeSpan Ttl)
{
    public static readonly LeaseSettings Default = new(TimeSpan.FromMinutes(2));

    internal static LeaseSettings Bind(HoconReader r) =>
        new(r.Duration("coldemail.lease.ttl", TimeSpan.FromSeconds(3), TimeSpan.FromDays(1)));
}
