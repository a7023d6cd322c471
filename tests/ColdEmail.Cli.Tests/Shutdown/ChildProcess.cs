using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ColdEmail.Cli.Tests.Shutdown;

/// <summary>
/// A real `dotnet some.dll …` process started from this test's build output, its stdout and stderr collected,
/// and a way to send it a POSIX signal the way docker stop, systemd or Kubernetes do.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Both streams, in arrival order.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// A dll of this test's build output (coldemail.dll, ColdEmail.Sandbox.dll), run by the current dotnet host.
    /// COLDEMAIL_TEST_BIN points at another build's output instead (e.g. to show a test failing on an older build).
    /// </summary>
    public static ChildProcess StartDll(string dll, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(Environment.GetEnvironmentVariable("COLDEMAIL_TEST_BIN") ?? AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var child = new ChildProcess(new Process { StartInfo = info });
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Polls the output until <paramref name="text"/> shows up; false if the process ended or the bound passed first.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || timeout.IsCancellationRequested)
            {
                return Output.Contains(text, StringComparison.Ordinal);
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return true;
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The exit code, or null if the process is still running after <paramref name="bound"/> (it is then killed).</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return null;
        }
        // The parameterless wait drains the redirected streams.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
