using BenchmarkDotNet.Running;
using ColdEmail.Benchmarks;

// `dotnet run -c Release --project bench/ColdEmail.Benchmarks -- harness <name> [args]` runs an end-to-end
// throughput harness (see IHarness); anything else goes to BenchmarkDotNet's switcher.
if (args.Length >= 2 && args[0] == "harness")
{
    var harness = Harnesses.Find(args[1]);
    if (harness is null)
    {
        Console.Error.WriteLine($"Unknown harness '{args[1]}'. Known: {string.Join(", ", Harnesses.All().Select(h => h.Name))}");
        return 2;
    }
    return await harness.RunAsync(args[2..]);
}
if (args.Length == 1 && args[0] == "harness")
{
    Console.WriteLine(string.Join(Environment.NewLine, Harnesses.All().Select(h => $"{h.Name}: {h.Description}")));
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Harnesses).Assembly).Run(args);
return 0;
