using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace JobRuntime.Sqlite.Tests;

internal static class Fixtures
{
    private static readonly IServiceProvider s_serialization = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(Counter).Assembly))
        .BuildServiceProvider();

    /// <summary>Orleans' own serializer, as a silo gives it to grain storage providers.</summary>
    public static IGrainStorageSerializer Serializer { get; } =
        new OrleansGrainStorageSerializer(s_serialization.GetRequiredService<Serializer>());

    public static IActivatorProvider Activators { get; } = s_serialization.GetRequiredService<IActivatorProvider>();

    public static SqliteDatabase Open(string path, Action<SqliteOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new SqliteOptions { DataSource = path };
        configure?.Invoke(options);
        return new SqliteDatabase(options, timeProvider: time);
    }

    public static SqliteGrainStorage GrainStorage(SqliteDatabase database, string store = "Default") =>
        new(store, database, Serializer, Activators);

    public static GrainId Grain(string key) => GrainId.Create("counter", key);
}
