using JobRuntime.Serialization;

namespace JobRuntime.Sqlite.Tests;

internal static class Fixtures
{
    /// <summary>The runtime's serializer; these tests hold no grain references, so the factory is never needed.</summary>
    public static GrainSerializer Serializer { get; } =
        new(() => throw new InvalidOperationException("These tests hold no grain references."));

    public static SqliteDatabase Open(string path, Action<SqliteOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new SqliteOptions { DataSource = path };
        configure?.Invoke(options);
        return new SqliteDatabase(options, timeProvider: time);
    }

    public static SqliteGrainStorage GrainStorage(SqliteDatabase database, string store = "Default") =>
        new(store, database, Serializer);

    public static GrainId Grain(string key) => new("counter", key);
}
