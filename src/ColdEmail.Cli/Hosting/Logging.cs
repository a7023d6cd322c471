using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace ColdEmail.Cli.Hosting;

/// <summary>Serilog on stderr: human-readable by default, compact JSON with --log-format json.</summary>
public static class Logging
{
    public static Logger Create(CliConsole console, string format, LogEventLevel level)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Akka", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        return format == "json"
            ? config.WriteTo.TextWriter(new CompactJsonFormatter(), console.Err).CreateLogger()
            : config.WriteTo.TextWriter(console.Err, outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}").CreateLogger();
    }
}
