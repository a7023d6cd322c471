using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using ColdEmail.Benchmarks.Pipeline;
using ColdEmail.Pipeline.Protocol;
using AkkaSerializer = Akka.Serialization.Serializer;

namespace ColdEmail.Benchmarks.Serializer;

/// <summary>
/// The protocol serializer (System.Text.Json under short manifests) against Akka's default Newtonsoft serializer on the
/// real journal events and hot messages: serializations and deserializations per second and bytes per event, one row per
/// sample and serializer. A round trip is checked by re-serializing the decoded value with the protocol serializer and
/// comparing bytes; a serializer that cannot carry a type says so instead of a figure.
/// </summary>
public sealed class SerializerHarness : IHarness
{
    public string Name => "serializer";
    public string Description => "protocol serializer vs Akka's Newtonsoft on journal events and hot messages: --iterations N (default 20000)";

    public Task<int> RunAsync(string[] args)
    {
        var iterations = PipelineBench.IntArg(args, "--iterations", 20_000);
        using var system = ActorSystem.Create("serializer-bench", ConfigurationFactory.ParseString(ProtocolConfig.Hocon + "\nakka.loglevel = WARNING"));
        var extended = (ExtendedActorSystem)system;
        var protocol = new ProtocolSerializer(extended);
        var newtonsoft = new NewtonSoftJsonSerializer(extended);
        Console.WriteLine($"serializer bench: {iterations:N0} round trips per sample and serializer (after {Warmup(iterations):N0} warm-up)");
        Console.WriteLine($"{"sample",-20} {"kind",-8} {"serializer",-11} {"bytes",8} {"ser/s",12} {"deser/s",12} {"round trip",-12}");
        // The totals compare like with like: only the samples every serializer carried.
        var rows = new List<(string Sample, string Serializer, Row Row)>();
        foreach (var sample in SerializerSamples.All())
        {
            var reference = protocol.ToBinary(sample.Value);
            foreach (var (name, serializer) in new (string, AkkaSerializer)[] { ("protocol", protocol), ("newtonsoft", newtonsoft) })
            {
                var row = Measure(serializer, protocol, sample.Value, reference, iterations);
                rows.Add((sample.Name, name, row));
                Console.WriteLine(row.Error is null
                    ? $"{sample.Name,-20} {sample.Kind,-8} {name,-11} {row.Bytes,8:N0} {row.SerPerSecond,12:N0} {row.DeserPerSecond,12:N0} {(row.Faithful ? "same" : "DIFFERS"),-12}"
                    : $"{sample.Name,-20} {sample.Kind,-8} {name,-11} {"-",8} {"-",12} {"-",12} fails: {row.Error}");
            }
        }
        var carried = rows.GroupBy(r => r.Sample).Where(g => g.All(r => r.Row.Error is null)).Select(g => g.Key).ToHashSet();
        foreach (var serializer in rows.Select(r => r.Serializer).Distinct())
        {
            var mine = rows.Where(r => r.Serializer == serializer && carried.Contains(r.Sample)).Select(r => r.Row).ToList();
            var failed = rows.Count(r => r.Serializer == serializer && r.Row.Error is not null);
            Console.WriteLine($"{serializer}: over the {mine.Count} samples both carry, {mine.Sum(r => r.Bytes) / Math.Max(1, mine.Count):N0} bytes/event on average, " +
                $"{mine.Count * (double)iterations / mine.Sum(r => r.Seconds):N0} round trips/s; {failed} sample(s) it cannot carry");
        }
        return Task.FromResult(0);
    }

    private static int Warmup(int iterations) => Math.Max(100, iterations / 10);

    private sealed record Row(long Bytes, double SerPerSecond, double DeserPerSecond, double Seconds, bool Faithful, string? Error);

    private static Row Measure(AkkaSerializer serializer, ProtocolSerializer protocol, object value, byte[] reference, int iterations)
    {
        byte[] bytes;
        object decoded;
        try
        {
            bytes = serializer.ToBinary(value);
            decoded = FromBinary(serializer, bytes, value);
            for (var i = 0; i < Warmup(iterations); i++) FromBinary(serializer, serializer.ToBinary(value), value);
        }
        catch (Exception e)
        {
            return new Row(0, 0, 0, 0, false, $"{e.GetType().Name}: {Trim(e.Message)}");
        }
        bool faithful;
        try
        {
            faithful = protocol.ToBinary(decoded).AsSpan().SequenceEqual(reference);
        }
        catch (Exception)
        {
            faithful = false; // decoded to another type (Newtonsoft without a type hint): not the same message
        }
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) serializer.ToBinary(value);
        var ser = watch.Elapsed.TotalSeconds;
        watch.Restart();
        for (var i = 0; i < iterations; i++) FromBinary(serializer, bytes, value);
        var deser = watch.Elapsed.TotalSeconds;
        return new Row(bytes.Length, iterations / ser, iterations / deser, ser + deser, faithful, null);
    }

    private static object FromBinary(AkkaSerializer serializer, byte[] bytes, object value) =>
        serializer is SerializerWithStringManifest manifest
            ? manifest.FromBinary(bytes, manifest.Manifest(value))
            : serializer.FromBinary(bytes, value.GetType());

    private static string Trim(string message) => message.Length <= 80 ? message : message[..80] + "…";
}
