using Akka.Serialization;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Tests.Protocol;

/// <summary>Every registered type survives the serializer Akka picks for it, through the manifest, with every member and collection intact.</summary>
public sealed class ProtocolRoundTripTests() : TestKit(SpecConfig.Strict)
{
    public static TheoryData<string> Manifests()
    {
        var data = new TheoryData<string>();
        foreach (var t in ProtocolCatalog.Default.Types) data.Add(t.Manifest);
        return data;
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Each_registered_type_round_trips_through_its_manifest(string manifest)
    {
        var type = ProtocolCatalog.Default.ByManifest[manifest];
        for (var seed = 1; seed <= 3; seed++)
        {
            var sample = new ProtocolSamples(ProtocolCatalog.Default, TestActor, seed * 7919 + manifest.Length).Create(type);
            var serializer = Sys.Serialization.FindSerializerFor(sample);
            var bound = Assert.IsType<ProtocolSerializer>(serializer);
            Assert.Equal(manifest, bound.Manifest(sample));

            var bytes = bound.ToBinary(sample);
            var back = Sys.Serialization.Deserialize(bytes, ProtocolSerializer.Id, manifest);

            Assert.IsType(type, back);
            Assert.Null(DeepEquality.FirstDifference(sample, back));
        }
    }

    [Fact]
    public void Manifests_are_short_and_are_not_CLR_names()
    {
        Assert.NotEmpty(ProtocolCatalog.Default.Types);
        Assert.All(ProtocolCatalog.Default.Types, t =>
        {
            Assert.True(t.Manifest.Length <= 40, $"{t.Manifest} is long");
            Assert.DoesNotContain("ColdEmail", t.Manifest, StringComparison.Ordinal);
            Assert.DoesNotContain(",", t.Manifest, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Journal_manifests_never_change_once_rows_carry_them()
    {
        // These strings are in journals and snapshot stores; a change here makes their rows unreadable.
        var stored = new Dictionary<Type, string>
        {
            [typeof(ColdEmail.Pipeline.Sync.BatchClaimed)] = "ledger.claimed",
            [typeof(ColdEmail.Pipeline.Sync.BatchSettled)] = "ledger.settled",
            [typeof(ColdEmail.Pipeline.Sync.BatchRecorded)] = "ledger.recorded",
            [typeof(ColdEmail.Pipeline.Sync.LedgerSnapshot)] = "ledger.snapshot",
            [typeof(ColdEmail.Pipeline.Drain.DrainDecided)] = "drain.decided",
            [typeof(ColdEmail.Pipeline.Drain.DrainConfirmed)] = "drain.confirmed",
            [typeof(ColdEmail.Pipeline.Drain.DrainRecorded)] = "drain.recorded",
            [typeof(ColdEmail.Pipeline.Drain.BouncesFirstSeen)] = "drain.bounces-first-seen",
            [typeof(ColdEmail.Pipeline.Drain.DrainJournalSnapshot)] = "drain.snapshot",
            [typeof(ColdEmail.Pipeline.Drain.BouncesReported)] = "drain.bounces-reported",
            [typeof(ColdEmail.Pipeline.Webhooks.WebhookEventsRecorded)] = "webhook.events-recorded",
            [typeof(ColdEmail.Pipeline.Webhooks.WebhookEventsApplied)] = "webhook.events-applied",
            [typeof(ColdEmail.Pipeline.Webhooks.WebhookInboxSnapshot)] = "webhook.snapshot",
        };
        foreach (var (type, manifest) in stored) Assert.Equal(manifest, ProtocolCatalog.Default.ByType[type]);
    }

    [Fact]
    public void A_message_built_with_a_collection_expression_round_trips()
    {
        var claimed = new ColdEmail.Pipeline.Sync.BatchClaimed("b-1", "SMB", "cmp", ["a@x.test", "b@x.test"], DateTimeOffset.UnixEpoch);
        var bytes = Sys.Serialization.Serialize(claimed);
        var back = Assert.IsType<ColdEmail.Pipeline.Sync.BatchClaimed>(Sys.Serialization.Deserialize(bytes, ProtocolSerializer.Id, "ledger.claimed"));
        Assert.Equal(["a@x.test", "b@x.test"], back.Emails);
    }
}
