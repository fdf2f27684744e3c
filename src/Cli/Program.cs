using System.Text;

namespace JobRuntime.Cli;

/// <summary>The <c>jobrt</c> executable.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Buffered: a run can print many thousand results a second; the commands flush as they go.
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var stdin = new StreamReader(Console.OpenStandardInput(), utf8);
        await using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, 1 << 16) { AutoFlush = false };
        await using var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        return await Cli.RunAsync(args, new CliEnvironment(stdin, stdout, stderr) { ErrorIsTerminal = !Console.IsErrorRedirected }, handleCtrlC: true, CancellationToken.None);
    }
}
