using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace ColdEmail.Cli.Hosting;

/// <summary>Serilog on stderr: human-readable by default, compact JSON with --log-format json.</summary>
public static class Logging
{
    public static Logger Create(CliConsole console, string format, LogEventLevel level)
    {
        ITextFormatter formatter = format == "json"
            ? new CompactJsonFormatter()
            : new MessageTemplateTextFormatter("{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Akka", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new TextWriterSink(console.Err, formatter))
            .CreateLogger();
    }

    /// <summary>Writes events to the verb's error writer (stderr, or a test's StringWriter).</summary>
    private sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
    {
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_gate)
            {
                formatter.Format(logEvent, writer);
                writer.Flush();
            }
        }
    }
}
