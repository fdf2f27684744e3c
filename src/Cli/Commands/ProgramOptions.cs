using System.CommandLine;
using System.CommandLine.Parsing;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Cli.Commands;

/// <summary>A job's program (a .js file, inline text or a .NET handler) and its options, for <c>run</c> and <c>create</c>.</summary>
internal sealed class ProgramOptions
{
    public Argument<string?> File { get; } = new("program.js")
    {
        Description = "A JavaScript file defining function Run(d).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Eval { get; } = new("--eval", "-e")
    {
        Description = "The JavaScript program as text, instead of a file.",
        HelpName = "program",
    };

    public Option<string?> DotNet { get; } = new("--dotnet")
    {
        Description = "Run the .NET task handler of this name (registered in the silo) instead of JavaScript.",
        HelpName = "handler",
    };

    public Option<double?> Bid { get; } = PositiveNumber("--bid", "The job's share of the workers, relative to other active jobs. Default: 1.", "bid");

    public Option<double?> Timeout { get; } = PositiveNumber("--timeout", "Time limit per task, in seconds. Default: 30.", "seconds");

    public void AddTo(Command command)
    {
        command.Add(File);
        command.Add(Eval);
        command.Add(DotNet);
        command.Add(Bid);
        command.Add(Timeout);
        command.Validators.Add(Validate);
    }

    private void Validate(CommandResult result)
    {
        var given = new[] { result.GetValue(File), result.GetValue(Eval), result.GetValue(DotNet) }.Count(v => v is not null);
        if (given != 1)
        {
            result.AddError("Give the program as exactly one of: a .js file, -e \"program text\", or --dotnet handler.");
        }
        if (result.GetValue(Eval) is { } text && string.IsNullOrWhiteSpace(text))
        {
            result.AddError("-e needs the program's text.");
        }
        if (result.GetValue(DotNet) is { } name && string.IsNullOrWhiteSpace(name))
        {
            result.AddError("--dotnet needs a handler name.");
        }
    }

    private static Option<double?> PositiveNumber(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
            {
                return value;
            }
            result.AddError($"{name} must be a positive number; it is '{text}'.");
            return null;
        },
    };

    /// <summary>The program's text and kind, and the job's options.</summary>
    public async Task<(string Program, ProgramKind Kind, JobOptions Options)> ReadAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var defaults = new JobOptions();
        var options = defaults with
        {
            Bid = parse.GetValue(Bid) ?? defaults.Bid,
            TaskTimeoutSeconds = parse.GetValue(Timeout) ?? defaults.TaskTimeoutSeconds,
        };
        if (parse.GetValue(DotNet) is { } handler)
        {
            return (handler, ProgramKind.DotNet, options);
        }
        if (parse.GetValue(Eval) is { } text)
        {
            return (text, ProgramKind.JavaScript, options);
        }
        var path = parse.GetValue(File)!;
        string program;
        try
        {
            program = await System.IO.File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read the program '{path}': {e.Message}");
        }
        return string.IsNullOrWhiteSpace(program)
            ? throw new CliException($"The program '{path}' is empty.")
            : (program, ProgramKind.JavaScript, options);
    }
}
