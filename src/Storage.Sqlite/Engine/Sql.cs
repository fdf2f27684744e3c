namespace JobRuntime.Sqlite.Engine;

/// <summary>The named statements of the store, each from its file under <c>Sql/</c>.</summary>
internal static class Sql
{
    // Connection setup and transaction control.
    public static readonly SqlStatement JournalModeWal = Load("JournalModeWal");
    public static readonly SqlStatement SynchronousNormal = Load("SynchronousNormal");
    public static readonly SqlStatement SynchronousFull = Load("SynchronousFull");
    public static readonly SqlStatement WalAutoCheckpoint = Load("WalAutoCheckpoint");
    public static readonly SqlStatement SchemaVersionRead = Load("SchemaVersionRead");
    public static readonly SqlStatement TransactionBegin = Load("TransactionBegin");
    public static readonly SqlStatement TransactionCommit = Load("TransactionCommit");
    public static readonly SqlStatement TransactionRollback = Load("TransactionRollback");
    public static readonly SqlStatement SavepointBegin = Load("SavepointBegin");
    public static readonly SqlStatement SavepointRelease = Load("SavepointRelease");
    public static readonly SqlStatement SavepointRollback = Load("SavepointRollback");

    // Grain state.
    public static readonly SqlStatement GrainStateRead = Load("GrainStateRead");
    public static readonly SqlStatement GrainStateReadEtag = Load("GrainStateReadEtag");
    public static readonly SqlStatement GrainStateVersionNext = Load("GrainStateVersionNext");
    public static readonly SqlStatement GrainStateInsert = Load("GrainStateInsert");
    public static readonly SqlStatement GrainStateUpdate = Load("GrainStateUpdate");
    public static readonly SqlStatement GrainStateDelete = Load("GrainStateDelete");

    // Reminders.
    public static readonly SqlStatement ReminderVersionNext = Load("ReminderVersionNext");
    public static readonly SqlStatement ReminderRead = Load("ReminderRead");
    public static readonly SqlStatement ReminderReadByGrain = Load("ReminderReadByGrain");
    public static readonly SqlStatement ReminderReadByHashRange = Load("ReminderReadByHashRange");
    public static readonly SqlStatement ReminderReadByHashRangeWrapped = Load("ReminderReadByHashRangeWrapped");
    public static readonly SqlStatement ReminderUpsert = Load("ReminderUpsert");
    public static readonly SqlStatement ReminderDelete = Load("ReminderDelete");
    public static readonly SqlStatement ReminderDeleteAll = Load("ReminderDeleteAll");

    // Stream events.
    public static readonly SqlStatement StreamEventInsert = Load("StreamEventInsert");
    public static readonly SqlStatement StreamEventRead = Load("StreamEventRead");
    public static readonly SqlStatement StreamEventReadLast = Load("StreamEventReadLast");
    public static readonly SqlStatement StreamEventAgeBoundary = Load("StreamEventAgeBoundary");
    public static readonly SqlStatement StreamEventDeleteOlderThan = Load("StreamEventDeleteOlderThan");
    public static readonly SqlStatement StreamSequenceRaise = Load("StreamSequenceRaise");
    public static readonly SqlStatement StreamEventReadMaxSeq = Load("StreamEventReadMaxSeq");
    public static readonly SqlStatement StreamEventReadNewStreams = Load("StreamEventReadNewStreams");
    public static readonly SqlStatement StreamEventReadLastBefore = Load("StreamEventReadLastBefore");

    private static SqlStatement Load(string name) => SqlStatement.Load($"Sql/{name}.sql");
}
