using JobRuntime.Sqlite.Engine;

namespace JobRuntime.Sqlite.Queues;

/// <summary>The named statements of the work queues, each from its file under <c>Sql/</c>.</summary>
internal static class WorkQueueSql
{
    public static readonly SqlStatement SendMany = Load("WorkQueueSendMany");
    public static readonly SqlStatement Send = Load("WorkQueueSend");
    public static readonly SqlStatement Receive = Load("WorkQueueReceive");
    public static readonly SqlStatement Peek = Load("WorkQueuePeek");
    public static readonly SqlStatement Renew = Load("WorkQueueRenew");
    public static readonly SqlStatement Delete = Load("WorkQueueDelete");
    public static readonly SqlStatement Count = Load("WorkQueueCount");
    public static readonly SqlStatement Clear = Load("WorkQueueClear");
    public static readonly SqlStatement List = Load("WorkQueueList");

    private static SqlStatement Load(string name) => SqlStatement.Load($"Sql/{name}.sql");
}
