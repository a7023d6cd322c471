using Spectre.Console;
using Spectre.Console.Rendering;

namespace ColdEmail.Cli.Output;

/// <summary>Renders Spectre tables into a TextWriter (stdout or a test's StringWriter), without colour when not a terminal.</summary>
public static class Tables
{
    public static void Write(TextWriter writer, bool terminal, IRenderable renderable)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 160;
        }
        console.Write(renderable);
    }

    public static Table Create(string title, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }
        return table;
    }

    public static void Row(this Table table, params object?[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c?.ToString() ?? "")).ToArray());
}
