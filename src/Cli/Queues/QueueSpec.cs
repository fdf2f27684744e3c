namespace JobRuntime.Cli.Queues;

/// <summary>The backend kinds a queue spec names.</summary>
internal enum QueueBackend
{
    /// <summary>The jobrt default: a silo's gateway when one is configured, else an embedded silo over --db.</summary>
    Default,

    /// <summary><c>sqlite:&lt;file&gt;/&lt;name&gt;</c>: an embedded silo over that SQLite file.</summary>
    Sqlite,

    /// <summary><c>silo:&lt;name&gt;</c> or <c>silo:&lt;host:port&gt;/&lt;name&gt;</c>: a running silo's gateway.</summary>
    Silo,

    /// <summary><c>postgres:&lt;connection string or variable&gt;/&lt;name&gt;</c>.</summary>
    Postgres,

    /// <summary><c>azure:&lt;connection string or variable&gt;/&lt;name&gt;</c>: Azure Storage Queues.</summary>
    Azure,
}

/// <summary>
/// Where a queue is: <c>&lt;backend&gt;:&lt;location&gt;/&lt;name&gt;</c>, the name after the last slash
/// (a bare <c>name</c> is the jobrt default). A location that contains no <c>=</c> names an
/// environment variable that holds the connection string, so secrets stay off the command line.
/// </summary>
/// <param name="Backend">The backend.</param>
/// <param name="Location">The file, gateway or connection string; null when the backend's default applies.</param>
/// <param name="Name">The queue's name.</param>
internal sealed record QueueSpec(QueueBackend Backend, string? Location, string Name)
{
    public const string Help =
        "Where the queue is: NAME (a silo's gateway if --gateway/JOBRT_GATEWAY is set, else an embedded silo over --db), " +
        "sqlite:FILE/NAME, silo:NAME or silo:HOST:PORT/NAME, postgres:CONN/NAME, azure:CONN/NAME " +
        "(CONN a connection string, or the name of an environment variable holding one).";

    public static QueueSpec Parse(string spec, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? spec[..colon] : null;
        var backend = scheme switch
        {
            null => QueueBackend.Default,
            "sqlite" => QueueBackend.Sqlite,
            "silo" => QueueBackend.Silo,
            "postgres" or "postgresql" => QueueBackend.Postgres,
            "azure" => QueueBackend.Azure,
            _ => throw new CliException($"Unknown queue backend '{scheme}' in '{spec}'. {Help}", ExitCodes.Usage),
        };
        if (backend == QueueBackend.Default)
        {
            return new QueueSpec(backend, null, Validate(spec, spec));
        }
        var rest = spec[(colon + 1)..];
        var slash = rest.LastIndexOf('/');
        var name = slash >= 0 ? rest[(slash + 1)..] : rest;
        var location = slash >= 0 ? rest[..slash] : null;
        Validate(name, spec);
        switch (backend)
        {
            case QueueBackend.Sqlite when string.IsNullOrEmpty(location):
                throw new CliException($"'{spec}' names no SQLite file: write sqlite:FILE/NAME.", ExitCodes.Usage);
            case QueueBackend.Postgres or QueueBackend.Azure:
                if (string.IsNullOrEmpty(location))
                {
                    throw new CliException($"'{spec}' names no connection string: write {scheme}:CONN/NAME.", ExitCodes.Usage);
                }
                if (!location.Contains('=', StringComparison.Ordinal))
                {
                    location = variables(location) is { Length: > 0 } value
                        ? value
                        : throw new CliException($"The environment variable '{location}' named in '{scheme}:{location}/{name}' is not set.", ExitCodes.Usage);
                }
                break;
        }
        return new QueueSpec(backend, string.IsNullOrEmpty(location) ? null : location, name);
    }

    private static string Validate(string name, string spec)
    {
        try
        {
            return JobRuntime.Queues.QueueName.Validate(name);
        }
        catch (JobRuntime.Queues.InvalidQueueNameException e)
        {
            throw new CliException($"{e.Message} (in '{spec}')", ExitCodes.Usage);
        }
    }
}
