namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.orphans: how far orphan recovery (flag orphan-recovery-enabled) may go. The workspace is shared
/// with other teams, so the defaults only adopt untracked leads of our campaigns and report the rest:
/// scanning the whole workspace (<see cref="WorkspaceScope"/>), deleting our leads whose campaign is gone
/// (<see cref="Delete"/>) and releasing our campaign-less copies (<see cref="Release"/>) are opt-in.
/// </summary>
public sealed record OrphanSettings(bool WorkspaceScope, bool Delete, bool Release)
{
    public static readonly OrphanSettings Default = new(false, false, false);

    internal static OrphanSettings Bind(HoconReader r)
    {
        const string p = "coldemail.orphans.";
        var scope = r.String(p + "scope", allowEmpty: false).Trim().ToLowerInvariant();
        if (scope is not ("campaigns" or "workspace"))
        {
            r.Fail(p + "scope", $"'{scope}' is not a scope (expected campaigns or workspace)");
        }
        return new OrphanSettings(scope == "workspace", r.Bool(p + "delete"), r.Bool(p + "release"));
    }
}
