using System.Runtime.InteropServices;

namespace ColdEmail.Cli.Hosting;

/// <summary>
/// SIGTERM / SIGINT / SIGQUIT handling of the real process (not of in-process test runs): the first signal cancels
/// <see cref="Token"/> and the verb stops gracefully, taking as long as it needs (the daemon: coldemail.shutdown-timeout);
/// a second one exits at once with 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM).
/// System.CommandLine's own handling is switched off (see <see cref="CliApp"/>): it force-exits with 143 two seconds
/// after the first signal, which cut every in-flight batch off at each redeploy.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _err;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    private ShutdownSignals(TextWriter err) => _err = err;

    public CancellationToken Token => _stop.Token;

    public static ShutdownSignals Register(TextWriter err)
    {
        var signals = new ShutdownSignals(err);
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, signals.OnSignal));
        }
        return signals;
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Cancel: the runtime's default for SIGTERM/SIGINT would end the process right away.
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            // Off the signal thread: cancellation callbacks run the verb's whole shutdown.
            _ = Task.Run(_stop.Cancel);
            return;
        }
        var code = context.Signal switch
        {
            PosixSignal.SIGINT => 130,
            PosixSignal.SIGQUIT => 131,
            _ => 143,
        };
        try
        {
            _err.WriteLine($"Second {context.Signal}: stopping at once (exit {code}); open batches stay claimed for recovery at the next start");
            _err.Flush();
        }
        finally
        {
            Environment.Exit(code);
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
