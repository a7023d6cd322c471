using ColdEmail.Cli;

return await CliApp.RunAsync(args, CliConsole.System());
