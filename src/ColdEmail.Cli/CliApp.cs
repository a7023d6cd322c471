using System.CommandLine;
using ColdEmail.Cli.Commands;

namespace ColdEmail.Cli;

/// <summary>The `coldemail` command tree. <see cref="RunAsync"/> is the whole program, callable from tests with captured output.</summary>
public static class CliApp
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("ColdEmail keeps Instantly campaigns stocked with warehouse prospects and drains finished leads.")
        {
            GlobalOptions.Config,
            GlobalOptions.LogFormat,
            GlobalOptions.Verbose,
        };
        foreach (var command in new[]
        {
            RunCommand.Create(console),
            OnceCommands.Sync(console),
            OnceCommands.Drain(console),
            PlanCommand.Create(console),
            DemoCommand.Create(console),
            InitCommand.Create(console),
            ReportCommand.Create(console),
            DeadLettersCommand.Create(console),
            LedgerCommand.Create(console),
            ExplainCommand.Create(console),
            ForgetCommand.Create(console),
            SandboxCommand.Create(console),
            ConfigCommand.Create(console),
            WebhooksCommand.Create(console),
            ClusterCommand.Create(console),
        })
        {
            root.Add(command);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct = default)
    {
        var root = Build(console);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await console.Err.WriteLineAsync("error: " + error.Message);
            }
            await console.Err.WriteLineAsync("Try 'coldemail --help'.");
            return ExitCodes.UsageOrConfig;
        }
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Err,
            EnableDefaultExceptionHandler = false,
            // No forced exit 2 s after SIGTERM: the caller's token carries the signal (Program.cs, ShutdownSignals) and
            // the daemon settles its in-flight runs within coldemail.shutdown-timeout.
            ProcessTerminationTimeout = null,
        };
        return await parsed.InvokeAsync(invocation, ct);
    }
}
