using System.Net;
using System.Net.Sockets;
using System.Collections.Concurrent;

namespace ColdEmail.Cli.Tests.Notifications;

/// <summary>A real HTTP endpoint on loopback that records bodies and answers with scripted status codes.</summary>
public sealed class HookServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<HttpStatusCode> _script = new();
    private readonly Task _loop;

    public HookServer(params HttpStatusCode[] script)
    {
        foreach (var code in script)
        {
            _script.Enqueue(code);
        }
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }
    public ConcurrentQueue<string> Bodies { get; } = new();
    public int Requests => _requests;
    private int _requests;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using (var reader = new StreamReader(ctx.Request.InputStream))
            {
                Bodies.Enqueue(await reader.ReadToEndAsync());
            }
            Interlocked.Increment(ref _requests);
            ctx.Response.StatusCode = (int)(_script.TryDequeue(out var code) ? code : HttpStatusCode.OK);
            ctx.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
