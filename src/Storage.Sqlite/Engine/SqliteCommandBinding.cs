using Microsoft.Data.Sqlite;

namespace JobRuntime.Sqlite.Engine;

/// <summary>Binds parameter values on cached commands, reusing their parameter objects.</summary>
internal static class SqliteCommandBinding
{
    /// <summary>Sets the value of a named parameter, adding it on first use; null binds SQL NULL.</summary>
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }
        return command;
    }
}
