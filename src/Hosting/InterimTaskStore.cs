using Orleans.Hosting;

namespace JobRuntime.Hosting;

/// <summary>
/// INTERIM, until the job engine keeps its tasks in chunk grains (grain storage of the profile):
/// today's engine needs a task store, so a silo on a cluster profile gets the SQLite one in its
/// own file (section <c>JobRuntime:Sqlite</c>). It is not shared between silos, so jobs do not
/// yet span a cluster; everything else of the profile (membership, grain state, reminders,
/// streams) does. Delete this file and its two calls when the chunk-grain engine lands.
/// </summary>
internal static class InterimTaskStore
{
    public static void Add(ISiloBuilder silo) => silo.AddSqliteDatabase();
}
