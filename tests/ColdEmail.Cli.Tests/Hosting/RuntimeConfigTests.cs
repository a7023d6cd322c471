using System.Text.Json;

namespace ColdEmail.Cli.Tests.Hosting;

/// <summary>
/// The daemon's runtime knobs for bounded memory (src/ColdEmail.Cli/Runtime.props) reach the runtimeconfig.json that
/// ships beside coldemail.dll, which is what the .NET host reads when the process starts (issue 12).
/// </summary>
public sealed class RuntimeConfigTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "coldemail.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing: the CLI's build output should sit beside the tests");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void Large_objects_start_at_one_megabyte_so_journal_batch_events_die_young()
    {
        Assert.Equal(1048576, ConfigProperties().GetProperty("System.GC.LOHThreshold").GetInt32());
    }

    [Fact]
    public void Dynamic_pgo_is_off_so_instrumented_code_copies_do_not_stay_resident()
    {
        Assert.False(ConfigProperties().GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
