using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Protocol;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Tests.Protocol;

/// <summary>
/// The protocol serializer writes through 64 KB pooled segments (a ledger snapshot runs to megabytes); the bytes must
/// be exactly what System.Text.Json's own SerializeToUtf8Bytes wrote before, so journals and snapshots already stored
/// and those written now are one format.
/// </summary>
public sealed class LargeMessageSerializationTests() : TestKit(SpecConfig.Strict)
{
    private static LedgerSnapshot BigSnapshot(int batches, int leadsPerBatch)
    {
        var at = new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);
        var open = Enumerable.Range(0, batches).Select(b =>
        {
            var emails = Enumerable.Range(0, leadsPerBatch).Select(i => $"lead{b}-{i}@shop{i % 97}.example").ToList();
            var outcomes = emails.Select((e, i) => new LeadOutcome(e, i % 5 == 0 ? OutcomeKind.Skipped : OutcomeKind.Active,
                $"lead-{b}-{i}", "enrolled \"quoted\" é", i % 7 == 0 ? 429 : null, null, i % 3, i % 11 == 0 ? at.AddMinutes(i) : null, false, 40 + i)).ToList();
            return new OpenBatch(new BatchClaimed($"batch-{b}", "SMB", "cmp-1", emails, at), b % 2 == 0 ? outcomes : null);
        }).ToList();
        return new LedgerSnapshot(open, 12_345, 6_789_000);
    }

    [Fact]
    public void A_multi_megabyte_snapshot_is_written_byte_for_byte_as_before_and_reads_back()
    {
        var snapshot = BigSnapshot(batches: 24, leadsPerBatch: 1000);
        var serializer = Assert.IsType<ProtocolSerializer>(Sys.Serialization.FindSerializerFor(snapshot));
        var options = ProtocolJson.Options(ProtocolCatalog.Default, (ExtendedActorSystem)Sys);

        var bytes = serializer.ToBinary(snapshot);

        Assert.True(bytes.Length > 2 * 1024 * 1024, $"the sample spans many 64 KB segments ({bytes.Length} bytes)");
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(snapshot, typeof(LedgerSnapshot), options), bytes);
        var back = Assert.IsType<LedgerSnapshot>(serializer.FromBinary(bytes, "ledger.snapshot"));
        Assert.Null(DeepEquality.FirstDifference(snapshot, back));
    }

    [Fact]
    public void A_single_value_longer_than_a_segment_is_written_whole()
    {
        var longEmail = new string('x', 200_000) + "@example.test";
        var claimed = new BatchClaimed("b-long", "SMB", "cmp-1", [longEmail, "short@example.test"], DateTimeOffset.UnixEpoch);
        var serializer = Assert.IsType<ProtocolSerializer>(Sys.Serialization.FindSerializerFor(claimed));
        var options = ProtocolJson.Options(ProtocolCatalog.Default, (ExtendedActorSystem)Sys);

        var bytes = serializer.ToBinary(claimed);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(claimed, typeof(BatchClaimed), options), bytes);
        Assert.Equal([longEmail, "short@example.test"], Assert.IsType<BatchClaimed>(serializer.FromBinary(bytes, "ledger.claimed")).Emails);
    }

    [Fact]
    public void The_segmented_buffer_joins_its_segments_in_order()
    {
        using var buffer = new SegmentedBuffer();
        var expected = new List<byte>();
        var rng = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var size = rng.Next(1, 9000);
            var span = buffer.GetSpan(size);
            Assert.True(span.Length >= size);
            for (var j = 0; j < size; j++) span[j] = (byte)(i + j);
            buffer.Advance(size);
            for (var j = 0; j < size; j++) expected.Add((byte)(i + j));
        }
        Assert.Equal(expected.ToArray(), buffer.ToArray());
    }
}
