using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ColdEmail.Warehouse.Tests.Postgres;

/// <summary>
/// A real PostgreSQL server for the test run, started from the machine's binaries on a free loopback port, with
/// its data and socket in a temp folder that is deleted at the end. initdb refuses root, so as root the server
/// runs as the existing <c>postgres</c> user. The binaries are part of the test machine (CI runs on the same kind
/// of machine), so their absence fails the tests with the reason rather than silently skipping them.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly string[] BinDirs = ["/usr/local/bin", "/usr/lib/postgresql/15/bin"];
    private string _dir = "";
    private string _data = "";
    private string _bin = "";
    private bool _started;

    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _bin = BinDirs.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                $"PostgreSQL tests need initdb and pg_ctl (PostgreSQL 15) in one of {string.Join(", ", BinDirs)}; install postgresql-15");
        var asRoot = Environment.UserName == "root";
        if (asRoot && !File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)))
            throw new InvalidOperationException("PostgreSQL tests run as root and need the 'postgres' user to run initdb and the server");

        _dir = Path.Combine(Path.GetTempPath(), "coldemail-pg-" + Guid.NewGuid().ToString("N"));
        _data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(_dir);
        if (asRoot) await RunAsync("chown", ["postgres:postgres", _dir], asPostgres: false);

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", _data, "-A", "trust", "-U", "coldemail", "--no-locale", "-E", "UTF8", "--no-sync"], asRoot);
        var port = FreePort();
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
        [
            "-D", _data, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        ], asRoot);
        _started = true;
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=coldemail;Database=postgres;Pooling=false";
    }

    /// <summary>A fresh, empty database on this server; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
        if (_dir.Length > 0 && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            var log = Path.Combine(_dir, "server.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} exited with {p.ExitCode}: {await stderr}{await stdout}{serverLog}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
