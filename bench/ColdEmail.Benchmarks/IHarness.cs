namespace ColdEmail.Benchmarks;

/// <summary>
/// An end-to-end throughput measurement that BenchmarkDotNet's micro-benchmark model does not fit
/// (a server, a warehouse file, a million leads). It prints its figures and returns an exit code.
/// </summary>
public interface IHarness
{
    string Name { get; }
    string Description { get; }
    Task<int> RunAsync(string[] args);
}

public static class Harnesses
{
    public static IEnumerable<IHarness> All() =>
        typeof(Harnesses).Assembly.GetTypes()
            .Where(t => typeof(IHarness).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IHarness)Activator.CreateInstance(t)!)
            .OrderBy(h => h.Name);

    public static IHarness? Find(string name) =>
        All().FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
}
