using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ColdEmail.Benchmarks.Cluster;

/// <summary>
/// PostgreSQL 15 from the machine's binaries (initdb + pg_ctl) on a free loopback port, data in a temp folder; as root the
/// server runs as the `postgres` user (initdb refuses root). fsync off: the bench measures the cluster, not the disk.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private static readonly string[] BinDirs = ["/usr/lib/postgresql/15/bin", "/usr/local/bin"];
    private readonly string _bin;
    private readonly string _data;
    private readonly bool _asRoot = Environment.UserName == "root";

    private LocalPostgres(string bin, string dir, int port)
    {
        _bin = bin;
        Dir = dir;
        _data = Path.Combine(dir, "data");
        Port = port;
    }

    public string Dir { get; }
    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=coldemail;Database={database};Pooling=true;Maximum Pool Size=20";

    public static async Task<LocalPostgres> StartAsync(string workDir)
    {
        var bin = BinDirs.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException($"initdb and pg_ctl (PostgreSQL 15) not found in {string.Join(", ", BinDirs)}");
        var dir = Path.Combine(workDir, "pg");
        Directory.CreateDirectory(dir);
        var pg = new LocalPostgres(bin, dir, FreePort());
        if (pg._asRoot) await RunAsync("chown", ["postgres:postgres", dir], asPostgres: false);
        await pg.PgAsync("initdb", ["-D", pg._data, "-A", "trust", "-U", "coldemail", "--no-locale", "-E", "UTF8", "--no-sync"]);
        await pg.PgAsync("pg_ctl", ["-D", pg._data, "-l", Path.Combine(dir, "server.log"), "-w", "-o",
            $"-p {pg.Port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300", "start"]);
        return pg;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", _data, "-m", "immediate", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
    }

    private Task PgAsync(string tool, string[] args) => RunAsync(Path.Combine(_bin, tool), args, _asRoot);

    private static async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var info = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await output}{await error}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
