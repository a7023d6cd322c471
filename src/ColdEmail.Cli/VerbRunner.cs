using System.CommandLine;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Lease;
using ColdEmail.Pipeline.Settings;
using Serilog;
using Serilog.Events;

namespace ColdEmail.Cli;

/// <summary>
/// Runs one verb's body with what every verb needs (settings, logger) and turns failures into exit codes:
/// configuration and usage errors → 2 with the message naming the key or file; anything unexpected → 1.
/// </summary>
public static class VerbRunner
{
    public static void SetVerbAction(this Command command, CliConsole console, Func<VerbContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => RunAsync(parse, console, body, ct));

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, Func<VerbContext, CancellationToken, Task<int>> body, CancellationToken ct)
    {
        var level = parse.GetValue(GlobalOptions.Verbose) ? LogEventLevel.Debug : LogEventLevel.Information;
        await using var logger = Logging.Create(console, parse.GetValue(GlobalOptions.LogFormat) ?? "text", level);
        var context = new VerbContext(parse, console, logger, parse.GetValue(GlobalOptions.Config))
        {
            LogFormat = parse.GetValue(GlobalOptions.LogFormat) ?? "text",
            Verbose = parse.GetValue(GlobalOptions.Verbose),
        };
        try
        {
            return await body(context, ct);
        }
        catch (SettingsException e)
        {
            await console.Err.WriteLineAsync(e.Message);
            return ExitCodes.UsageOrConfig;
        }
        catch (CliUsageException e)
        {
            await console.Err.WriteLineAsync("error: " + e.Message);
            return ExitCodes.UsageOrConfig;
        }
        catch (Exception e) when (WarehouseContention.ExitCode(e) is { } code)
        {
            // Another process holds the warehouse or the lease: a condition to report, never a stack trace.
            await console.Err.WriteLineAsync("error: " + WarehouseContention.Message(e));
            return code;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await console.Err.WriteLineAsync("cancelled");
            return ExitCodes.RunFailed;
        }
        catch (Exception e)
        {
            logger.Error(e, "{Verb} failed", parse.CommandResult.Command.Name);
            await console.Err.WriteLineAsync("error: " + e.Message);
            return ExitCodes.RunFailed;
        }
    }
}

/// <summary>What a verb's body gets: its parse result, the console, a logger and the --config file.</summary>
public sealed record VerbContext(ParseResult Parse, CliConsole Console, ILogger Logger, string? ConfigFile)
{
    public string LogFormat { get; init; } = "text";
    public bool Verbose { get; init; }

    /// <summary>A logger for long chatty work (the demo): warnings only, unless --verbose.</summary>
    public Serilog.Core.Logger QuietLogger() => Logging.Create(Console, LogFormat, Verbose ? LogEventLevel.Debug : LogEventLevel.Warning);

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>The file settings (defaults + --config), without the warehouse config table.</summary>
    public LoadedSettings LoadFileSettings() =>
        SettingsLoader.Load(new SettingsSources(ConfigFile: ConfigFile, Environment: Console.Environment));
}
