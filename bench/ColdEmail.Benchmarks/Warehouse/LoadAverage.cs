namespace ColdEmail.Benchmarks.Warehouse;

/// <summary>The 1-minute load average, printed beside each figure: on a shared machine it explains slow runs.</summary>
internal static class LoadAverage
{
    public static string Read()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
