namespace JobRuntime.Sqlite.Engine;

/// <summary>
/// One SQL text loaded from an embedded resource. <see cref="Id"/> indexes each connection's
/// cache of prepared commands, so a hot statement is prepared once per connection.
/// </summary>
internal sealed class SqlStatement
{
    private static int s_count;

    private SqlStatement(string name, string text)
    {
        Name = name;
        Text = text;
        Id = Interlocked.Increment(ref s_count) - 1;
    }

    /// <summary>The resource name, e.g. <c>Sql/GrainStateRead.sql</c>.</summary>
    public string Name { get; }

    /// <summary>The SQL text.</summary>
    public string Text { get; }

    /// <summary>A small dense number, unique per statement.</summary>
    public int Id { get; }

    /// <summary>Loads the statement from this assembly's resource of that name.</summary>
    public static SqlStatement Load(string resourceName) => new(resourceName, SqlResources.Read(resourceName));

    /// <inheritdoc/>
    public override string ToString() => Name;
}
