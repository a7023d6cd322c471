namespace ColdEmail.Cli.Output;

/// <summary>Progress on stderr: a bar redrawn in place on a terminal, one plain line per step otherwise (logs, CI).</summary>
public sealed class ProgressLine(TextWriter err, bool terminal, int total)
{
    public void Report(int done, string status)
    {
        if (terminal)
        {
            const int width = 30;
            var filled = total == 0 ? width : done * width / total;
            err.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {status}".PadRight(110));
            if (done >= total)
            {
                err.WriteLine();
            }
        }
        else
        {
            err.WriteLine($"{done}/{total} {status}");
        }
        err.Flush();
    }
}
