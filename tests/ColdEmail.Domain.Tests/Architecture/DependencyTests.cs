using System.Reflection;
using ColdEmail.Domain.Leads;

namespace ColdEmail.Domain.Tests.Architecture;

public class DependencyTests
{
    private static readonly Assembly Domain = typeof(EmailAddress).Assembly;

    [Fact]
    public void The_domain_references_only_the_base_class_library()
    {
        var names = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(n == "netstandard" || n == "mscorlib" || n.StartsWith("System", StringComparison.Ordinal) || n.StartsWith("Microsoft.Win32", StringComparison.Ordinal),
            $"ColdEmail.Domain references {n}; the domain must stay pure (no Akka, no I/O packages)"));
        Assert.DoesNotContain(names, n => n.StartsWith("Akka", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("System.Net.Http")]
    [InlineData("System.Net.Sockets")]
    [InlineData("System.Data.Common")]
    [InlineData("System.Net.Primitives")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("DuckDB.NET.Data")]
    [InlineData("Serilog")]
    public void The_domain_references_no_io_assembly(string io) =>
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), a => a.Name == io);

    [Fact]
    public void The_domain_project_file_has_no_package_or_project_references()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ColdEmail.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var csproj = File.ReadAllText(Path.Combine(dir!.FullName, "src", "ColdEmail.Domain", "ColdEmail.Domain.csproj"));
        Assert.DoesNotContain("PackageReference", csproj);
        Assert.DoesNotContain("ProjectReference", csproj);
    }
}
