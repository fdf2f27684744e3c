using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace JobRuntime.Queues.Tests.Cli;

/// <summary>What a finished jobrt process printed and returned.</summary>
public sealed record JobrtResult(int ExitCode, string Out, string Error)
{
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>The built <c>jobrt</c> run as a process (<c>dotnet jobrt.dll</c>).</summary>
public sealed class Jobrt : IDisposable
{
    private static readonly string s_dll = typeof(Jobrt).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "JobrtAssembly").Value!;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    private Jobrt(Process process) => Process = process;

    public Process Process { get; }

    public static Jobrt Start(string workingDirectory, IEnumerable<string> arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
            Environment = { ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false" },
        };
        start.Environment.Remove("JOBRT_GATEWAY");
        start.ArgumentList.Add(s_dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var jobrt = new Jobrt(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (jobrt._out) { jobrt._out.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (jobrt._error) { jobrt._error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }
        process.StandardInput.Close();
        return jobrt;
    }

    public static async Task<JobrtResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        using var jobrt = Start(workingDirectory, arguments);
        return await jobrt.WaitAsync();
    }

    public static async Task<JobrtResult> RunWithInputAsync(string workingDirectory, string stdin, params string[] arguments)
    {
        using var jobrt = Start(workingDirectory, arguments, stdin);
        return await jobrt.WaitAsync();
    }

    public async Task<JobrtResult> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"jobrt did not exit within 3 minutes:\n{Result(-1)}");
        }
        Process.WaitForExit();
        return Result(Process.ExitCode);
    }

    private JobrtResult Result(int code)
    {
        lock (_out)
        {
            lock (_error)
            {
                return new JobrtResult(code, _out.ToString(), _error.ToString());
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        Process.Dispose();
    }
}
