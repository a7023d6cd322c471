using System.Diagnostics;
using System.Text;

namespace ColdEmail.Benchmarks.Cluster;

/// <summary>A `dotnet coldemail.dll …` child process; its output goes to a log file and is kept for waiting on lines.</summary>
public sealed class ColdEmailProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter _log;

    private ColdEmailProcess(Process process, string logFile)
    {
        _process = process;
        _log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool Exited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static ColdEmailProcess Start(string dll, IReadOnlyDictionary<string, string> env, string logFile, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in env) info.Environment[k] = v;
        return new ColdEmailProcess(Process.Start(info)!, logFile);
    }

    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            await Task.Delay(100);
        }
        return false;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>kill -9: no leave, no hand-over; the others must notice and down it.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: the daemon settles its runs and leaves the cluster (hand-over).</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _log.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        lock (_log) _log.WriteLine(line);
    }
}
