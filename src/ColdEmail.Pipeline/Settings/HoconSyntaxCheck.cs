namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Checks brackets and quotes before Akka's HOCON parser sees the text: that parser accepts an unclosed
/// `{` silently and spins forever on `[ }`, so a half-saved file would otherwise hang the daemon or load
/// something other than what the user wrote.
/// </summary>
internal static class HoconSyntaxCheck
{
    /// <summary>Null when brackets and quotes balance, else what is wrong and on which line.</summary>
    public static string? FindError(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    break;
                case '#':
                    i = SkipToEndOfLine(text, i);
                    line++;
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    i = SkipToEndOfLine(text, i);
                    line++;
                    break;
                case '"' when i + 2 < text.Length && text[i + 1] == '"' && text[i + 2] == '"':
                {
                    var end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return $"line {line}: unterminated \"\"\" string";
                    }
                    line += text.AsSpan(i, end - i).Count('\n');
                    i = end + 2;
                    break;
                }
                case '"':
                {
                    var j = i + 1;
                    while (j < text.Length && text[j] != '"' && text[j] != '\n')
                    {
                        j += text[j] == '\\' ? 2 : 1;
                    }
                    if (j >= text.Length || text[j] != '"')
                    {
                        return $"line {line}: unterminated string";
                    }
                    i = j;
                    break;
                }
                case '{' or '[':
                    open.Push((c, line));
                    break;
                case '}' or ']':
                    var expected = c == '}' ? '{' : '[';
                    if (open.Count == 0)
                    {
                        return $"line {line}: '{c}' without a matching '{expected}'";
                    }
                    var (bracket, openedAt) = open.Pop();
                    if (bracket != expected)
                    {
                        return $"line {line}: '{c}' closes the '{bracket}' opened on line {openedAt}";
                    }
                    break;
            }
        }
        return open.Count > 0 ? $"line {open.Peek().Line}: '{open.Peek().Bracket}' is never closed" : null;
    }

    private static int SkipToEndOfLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end;
    }
}
