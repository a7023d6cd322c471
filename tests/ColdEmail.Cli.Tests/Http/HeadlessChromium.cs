using System.Diagnostics;

namespace ColdEmail.Cli.Tests.Http;

/// <summary>
/// Debian's Chromium run headless: the rendered DOM of a page (--dump-dom) and a screenshot of it. `.ci/run` installs it
/// (apt-get install chromium) when missing; CHROMIUM names another binary. A missing browser fails the test, it does not skip.
/// </summary>
public static class HeadlessChromium
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static string Executable =>
        Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured ? configured
        : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException("No Chromium found: apt-get install -y chromium (or set CHROMIUM to the binary)");

    public static async Task<string> DumpDomAsync(Uri page) => await RunAsync(["--dump-dom", page.ToString()]);

    public static async Task ScreenshotAsync(Uri page, string file, int width = 1280, int height = 1700)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.Delete(file);
        await RunAsync([$"--screenshot={Path.GetFullPath(file)}", $"--window-size={width},{height}", "--hide-scrollbars", page.ToString()]);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"Chromium wrote no screenshot to {file}");
        }
    }

    private static async Task<string> RunAsync(IReadOnlyList<string> args)
    {
        var profile = Path.Combine(Path.GetTempPath(), "coldemail-chromium-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // --no-sandbox: CI containers run as root, where Chromium refuses its sandbox.
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", $"--user-data-dir={profile}" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish within {Bound.TotalSeconds} s: {await stderr}");
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A crash handler may still hold a file; the temp folder is cleaned by the OS.
            }
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Chromium exited {process.ExitCode}: {await stderr}");
        }
        return await stdout;
    }
}
