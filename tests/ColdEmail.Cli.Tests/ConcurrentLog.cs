using System.Text;

namespace ColdEmail.Cli.Tests;

/// <summary>
/// A StringWriter that a running daemon may append to while the test reads it. A plain StringWriter's
/// StringBuilder is not safe for that: a read during an append can throw or see nothing, which made the
/// log-polling tests fail at random under load. Every write and every read takes one lock.
/// </summary>
public sealed class ConcurrentLog : StringWriter
{
    private readonly Lock _gate = new();

    public override void Write(char value) { lock (_gate) base.Write(value); }
    public override void Write(char[] buffer, int index, int count) { lock (_gate) base.Write(buffer, index, count); }
    public override void Write(ReadOnlySpan<char> buffer) { lock (_gate) base.Write(buffer); }
    public override void Write(string? value) { lock (_gate) base.Write(value); }
    public override void Write(StringBuilder? value) { lock (_gate) base.Write(value); }
    public override void WriteLine(ReadOnlySpan<char> buffer) { lock (_gate) base.WriteLine(buffer); }
    public override void WriteLine(string? value) { lock (_gate) base.WriteLine(value); }
    public override void WriteLine(StringBuilder? value) { lock (_gate) base.WriteLine(value); }
    public override Task WriteAsync(char value) { Write(value); return Task.CompletedTask; }
    public override Task WriteAsync(string? value) { Write(value); return Task.CompletedTask; }
    public override Task WriteAsync(char[] buffer, int index, int count) { Write(buffer, index, count); return Task.CompletedTask; }
    public override Task WriteLineAsync(string? value) { WriteLine(value); return Task.CompletedTask; }

    public override string ToString() { lock (_gate) return base.ToString(); }
}
