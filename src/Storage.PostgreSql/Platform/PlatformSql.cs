using System.Reflection;

namespace JobRuntime.PostgreSql.Platform;

/// <summary>The named statements of the platform stores on PostgreSQL, each from its file under <c>Sql/</c>.</summary>
internal static class PlatformSql
{
    public static readonly string ActivityInsert = Read("Sql/PlatformActivityInsert.sql");
    public static readonly string ActivityList = Read("Sql/PlatformActivityList.sql");
    public static readonly string CollectionDelete = Read("Sql/PlatformCollectionDelete.sql");
    public static readonly string CollectionGet = Read("Sql/PlatformCollectionGet.sql");
    public static readonly string CollectionList = Read("Sql/PlatformCollectionList.sql");
    public static readonly string CollectionScan = Read("Sql/PlatformCollectionScan.sql");
    public static readonly string CollectionTruncate = Read("Sql/PlatformCollectionTruncate.sql");
    public static readonly string CollectionUpsert = Read("Sql/PlatformCollectionUpsert.sql");
    public static readonly string CollectionVersionDelete = Read("Sql/PlatformCollectionVersionDelete.sql");
    public static readonly string CollectionVersionKeep = Read("Sql/PlatformCollectionVersionKeep.sql");
    public static readonly string CollectionVersionTrim = Read("Sql/PlatformCollectionVersionTrim.sql");
    public static readonly string CollectionVersionTruncate = Read("Sql/PlatformCollectionVersionTruncate.sql");
    public static readonly string CollectionVersions = Read("Sql/PlatformCollectionVersions.sql");
    public static readonly string FrontierBatchDelete = Read("Sql/PlatformFrontierBatchDelete.sql");
    public static readonly string FrontierFingerprintInsert = Read("Sql/PlatformFrontierFingerprintInsert.sql");
    public static readonly string FrontierFingerprintRead = Read("Sql/PlatformFrontierFingerprintRead.sql");
    public static readonly string FrontierList = Read("Sql/PlatformFrontierList.sql");
    public static readonly string FrontierRequestInsert = Read("Sql/PlatformFrontierRequestInsert.sql");
    public static readonly string FrontierRequestRead = Read("Sql/PlatformFrontierRequestRead.sql");
    public static readonly string FrontierSlotDeleteFingerprints = Read("Sql/PlatformFrontierSlotDeleteFingerprints.sql");
    public static readonly string FrontierSlotDeleteRequests = Read("Sql/PlatformFrontierSlotDeleteRequests.sql");
    public static readonly string FrontierSlotList = Read("Sql/PlatformFrontierSlotList.sql");
    public static readonly string JobDataBytes = Read("Sql/PlatformJobDataBytes.sql");
    public static readonly string JobDataCount = Read("Sql/PlatformJobDataCount.sql");
    public static readonly string JobDataDeleteByJob = Read("Sql/PlatformJobDataDeleteByJob.sql");
    public static readonly string JobDataRead = Read("Sql/PlatformJobDataRead.sql");
    public static readonly string JobDataUpsert = Read("Sql/PlatformJobDataUpsert.sql");
    public static readonly string JobDelete = Read("Sql/PlatformJobDelete.sql");
    public static readonly string JobFindActive = Read("Sql/PlatformJobFindActive.sql");
    public static readonly string JobFindByToken = Read("Sql/PlatformJobFindByToken.sql");
    public static readonly string JobGet = Read("Sql/PlatformJobGet.sql");
    public static readonly string JobInsert = Read("Sql/PlatformJobInsert.sql");
    public static readonly string JobList = Read("Sql/PlatformJobList.sql");
    public static readonly string JobUpdate = Read("Sql/PlatformJobUpdate.sql");
    public static readonly string ProjectDelete = Read("Sql/PlatformProjectDelete.sql");
    public static readonly string ProjectEnsure = Read("Sql/PlatformProjectEnsure.sql");
    public static readonly string ProjectList = Read("Sql/PlatformProjectList.sql");
    public static readonly string ProjectSettingsGet = Read("Sql/PlatformProjectSettingsGet.sql");
    public static readonly string ProjectSettingsSet = Read("Sql/PlatformProjectSettingsSet.sql");
    public static readonly string SpiderDelete = Read("Sql/PlatformSpiderDelete.sql");
    public static readonly string SpiderGet = Read("Sql/PlatformSpiderGet.sql");
    public static readonly string SpiderGetByName = Read("Sql/PlatformSpiderGetByName.sql");
    public static readonly string SpiderInsert = Read("Sql/PlatformSpiderInsert.sql");
    public static readonly string SpiderList = Read("Sql/PlatformSpiderList.sql");
    public static readonly string SpiderUpdate = Read("Sql/PlatformSpiderUpdate.sql");
    public static readonly string UserDelete = Read("Sql/PlatformUserDelete.sql");
    public static readonly string UserFindByKey = Read("Sql/PlatformUserFindByKey.sql");
    public static readonly string UserUpsert = Read("Sql/PlatformUserUpsert.sql");

    private static string Read(string name)
    {
        var assembly = typeof(PlatformSql).Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The SQL resource '{name}' is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
