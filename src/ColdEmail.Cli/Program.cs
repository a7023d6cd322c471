using ColdEmail.Cli;
using ColdEmail.Cli.Hosting;

using var signals = ShutdownSignals.Register(Console.Error);
return await CliApp.RunAsync(args, CliConsole.System(), signals.Token);
