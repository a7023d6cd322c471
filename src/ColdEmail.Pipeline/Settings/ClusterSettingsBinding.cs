namespace ColdEmail.Pipeline.Settings;

/// <summary>Binds coldemail.cluster; every range rule sits next to its key.</summary>
internal static class ClusterSettingsBinding
{
    private const string Root = "coldemail.cluster.";

    public static ClusterSettings Bind(HoconReader r)
    {
        var strategyText = r.String(Root + "split-brain.strategy");
        var strategy = strategyText.ToLowerInvariant() switch
        {
            "keep-majority" => SplitBrainStrategy.KeepMajority,
            "keep-oldest" => SplitBrainStrategy.KeepOldest,
            _ => Fail(r, Root + "split-brain.strategy", $"expected keep-majority or keep-oldest, got '{strategyText}'"),
        };
        var seeds = r.StringList(Root + "seed-nodes");
        foreach (var seed in seeds.Where(s => !s.StartsWith("akka.tcp://", StringComparison.Ordinal)))
            r.Fail(Root + "seed-nodes", $"'{seed}' is not an address like akka.tcp://coldemail@host:4053");
        var expected = r.Int(Root + "expected-nodes", 1, 100);
        var minimum = r.Int(Root + "minimum-members", 1, 100);
        // Akka's shard coordinator takes this as the regions it waits for before it answers where a shard lives, and a
        // coordinator that took over after a node died counts only the regions registered since: with fewer survivors than
        // this it never answers, and every campaign whose shard had to move (and every new one) waits forever.
        if (expected > 1 && minimum >= expected)
            r.Fail(Root + "minimum-members", $"{minimum} must be below expected-nodes ({expected}): after a node dies the shard coordinator would wait for " +
                $"{minimum} nodes forever and no campaign of the dead node would restart; {expected - 1} still holds placement until most nodes are up");
        return new ClusterSettings(
            r.Bool(Root + "enabled"),
            r.String(Root + "hostname", allowEmpty: false),
            r.Int(Root + "port", 0, 65535),
            seeds)
        {
            ExpectedNodes = expected,
            MinimumMembers = minimum,
            SplitBrain = strategy,
            StableAfter = r.Duration(Root + "split-brain.stable-after", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            Shards = r.Int(Root + "shards", 1, 10_000),
            PermitLease = r.Duration(Root + "budget.lease", TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)),
            PermitBatch = r.Int(Root + "budget.batch", 1, 100),
            FallbackAfter = r.Duration(Root + "budget.fallback-after", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            Discovery = ClusterDiscoveryBinding.Bind(r, seeds),
        };
    }

    private static SplitBrainStrategy Fail(HoconReader r, string key, string message)
    {
        r.Fail(key, message);
        return SplitBrainStrategy.KeepMajority;
    }
}
