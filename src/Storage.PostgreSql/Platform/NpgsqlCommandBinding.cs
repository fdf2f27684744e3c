using Npgsql;

namespace JobRuntime.PostgreSql.Platform;

/// <summary>Small helpers for the platform stores' named statements.</summary>
internal static class NpgsqlCommandBinding
{
    /// <summary>A command for one statement, in the transaction when there is one.</summary>
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    /// <summary>Sets a named parameter (null as SQL NULL), adding it on first use, so a command can run again with new values.</summary>
    public static NpgsqlCommand Bind(this NpgsqlCommand command, string name, object? value)
    {
        var index = command.Parameters.IndexOf(name);
        if (index >= 0)
        {
            command.Parameters[index].Value = value ?? DBNull.Value;
        }
        else
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    /// <summary>Reads every row with <paramref name="read"/>.</summary>
    public static async Task<IReadOnlyList<T>> ListAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>The first row read with <paramref name="read"/>, or the default.</summary>
    public static async Task<T?> FirstAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? read(reader) : default;
    }

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
