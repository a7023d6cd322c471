namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// The Bearer key travels with every request to <c>instantly.base-url</c>: over plain http it would be readable
/// on the wire. Plain http is accepted only for this machine (the sandbox on 127.0.0.1 / localhost).
/// </summary>
internal static class InstantlyUrlRule
{
    public static void Check(Uri url, string key, HoconReader reader)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)
        {
            // The host is not secret, but the rest of the URL might carry credentials: name the key and the scheme only.
            reader.Fail(key, $"must be an https URL (the API key is sent with every request); plain {url.Scheme} is accepted only for a loopback host such as 127.0.0.1 or localhost");
        }
    }
}
