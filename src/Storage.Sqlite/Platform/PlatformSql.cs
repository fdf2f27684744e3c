using JobRuntime.Sqlite.Engine;

namespace JobRuntime.Sqlite.Platform;

/// <summary>The named statements of the platform stores, each from its file under <c>Sql/</c>.</summary>
internal static class PlatformSql
{
    public static readonly SqlStatement ActivityInsert = SqlStatement.Load("Sql/PlatformActivityInsert.sql");
    public static readonly SqlStatement ActivityList = SqlStatement.Load("Sql/PlatformActivityList.sql");
    public static readonly SqlStatement CollectionDelete = SqlStatement.Load("Sql/PlatformCollectionDelete.sql");
    public static readonly SqlStatement CollectionGet = SqlStatement.Load("Sql/PlatformCollectionGet.sql");
    public static readonly SqlStatement CollectionList = SqlStatement.Load("Sql/PlatformCollectionList.sql");
    public static readonly SqlStatement CollectionScan = SqlStatement.Load("Sql/PlatformCollectionScan.sql");
    public static readonly SqlStatement CollectionTruncate = SqlStatement.Load("Sql/PlatformCollectionTruncate.sql");
    public static readonly SqlStatement CollectionVersionDelete = SqlStatement.Load("Sql/PlatformCollectionVersionDelete.sql");
    public static readonly SqlStatement CollectionVersionKeep = SqlStatement.Load("Sql/PlatformCollectionVersionKeep.sql");
    public static readonly SqlStatement CollectionVersions = SqlStatement.Load("Sql/PlatformCollectionVersions.sql");
    public static readonly SqlStatement CollectionVersionTrim = SqlStatement.Load("Sql/PlatformCollectionVersionTrim.sql");
    public static readonly SqlStatement CollectionVersionTruncate = SqlStatement.Load("Sql/PlatformCollectionVersionTruncate.sql");
    public static readonly SqlStatement CollectionUpsert = SqlStatement.Load("Sql/PlatformCollectionUpsert.sql");
    public static readonly SqlStatement FrontierBatchDelete = SqlStatement.Load("Sql/PlatformFrontierBatchDelete.sql");
    public static readonly SqlStatement FrontierFingerprintInsert = SqlStatement.Load("Sql/PlatformFrontierFingerprintInsert.sql");
    public static readonly SqlStatement FrontierFingerprintNextSeq = SqlStatement.Load("Sql/PlatformFrontierFingerprintNextSeq.sql");
    public static readonly SqlStatement FrontierFingerprintRead = SqlStatement.Load("Sql/PlatformFrontierFingerprintRead.sql");
    public static readonly SqlStatement FrontierList = SqlStatement.Load("Sql/PlatformFrontierList.sql");
    public static readonly SqlStatement FrontierRequestInsert = SqlStatement.Load("Sql/PlatformFrontierRequestInsert.sql");
    public static readonly SqlStatement FrontierRequestNextId = SqlStatement.Load("Sql/PlatformFrontierRequestNextId.sql");
    public static readonly SqlStatement FrontierRequestRead = SqlStatement.Load("Sql/PlatformFrontierRequestRead.sql");
    public static readonly SqlStatement FrontierSlotDeleteFingerprints = SqlStatement.Load("Sql/PlatformFrontierSlotDeleteFingerprints.sql");
    public static readonly SqlStatement FrontierSlotDeleteRequests = SqlStatement.Load("Sql/PlatformFrontierSlotDeleteRequests.sql");
    public static readonly SqlStatement FrontierSlotList = SqlStatement.Load("Sql/PlatformFrontierSlotList.sql");
    public static readonly SqlStatement JobDataBytes = SqlStatement.Load("Sql/PlatformJobDataBytes.sql");
    public static readonly SqlStatement JobDataCount = SqlStatement.Load("Sql/PlatformJobDataCount.sql");
    public static readonly SqlStatement JobDataDeleteByJob = SqlStatement.Load("Sql/PlatformJobDataDeleteByJob.sql");
    public static readonly SqlStatement JobDataRead = SqlStatement.Load("Sql/PlatformJobDataRead.sql");
    public static readonly SqlStatement JobDataUpsert = SqlStatement.Load("Sql/PlatformJobDataUpsert.sql");
    public static readonly SqlStatement JobDelete = SqlStatement.Load("Sql/PlatformJobDelete.sql");
    public static readonly SqlStatement JobFindActive = SqlStatement.Load("Sql/PlatformJobFindActive.sql");
    public static readonly SqlStatement JobFindByToken = SqlStatement.Load("Sql/PlatformJobFindByToken.sql");
    public static readonly SqlStatement JobGet = SqlStatement.Load("Sql/PlatformJobGet.sql");
    public static readonly SqlStatement JobInsert = SqlStatement.Load("Sql/PlatformJobInsert.sql");
    public static readonly SqlStatement JobList = SqlStatement.Load("Sql/PlatformJobList.sql");
    public static readonly SqlStatement JobUpdate = SqlStatement.Load("Sql/PlatformJobUpdate.sql");
    public static readonly SqlStatement ProjectEnsure = SqlStatement.Load("Sql/PlatformProjectEnsure.sql");
    public static readonly SqlStatement ProjectList = SqlStatement.Load("Sql/PlatformProjectList.sql");
    public static readonly SqlStatement ProjectSettingsGet = SqlStatement.Load("Sql/PlatformProjectSettingsGet.sql");
    public static readonly SqlStatement ProjectSettingsSet = SqlStatement.Load("Sql/PlatformProjectSettingsSet.sql");
    public static readonly SqlStatement SpiderGet = SqlStatement.Load("Sql/PlatformSpiderGet.sql");
    public static readonly SqlStatement SpiderGetByName = SqlStatement.Load("Sql/PlatformSpiderGetByName.sql");
    public static readonly SqlStatement SpiderInsert = SqlStatement.Load("Sql/PlatformSpiderInsert.sql");
    public static readonly SqlStatement SpiderList = SqlStatement.Load("Sql/PlatformSpiderList.sql");
    public static readonly SqlStatement SpiderUpdate = SqlStatement.Load("Sql/PlatformSpiderUpdate.sql");
    public static readonly SqlStatement UserFindByKey = SqlStatement.Load("Sql/PlatformUserFindByKey.sql");
    public static readonly SqlStatement UserUpsert = SqlStatement.Load("Sql/PlatformUserUpsert.sql");
    public static readonly SqlStatement UserDelete = SqlStatement.Load("Sql/PlatformUserDelete.sql");
    public static readonly SqlStatement SpiderDeleteData = SqlStatement.Load("Sql/PlatformSpiderDeleteData.sql");
    public static readonly SqlStatement SpiderDeleteJobs = SqlStatement.Load("Sql/PlatformSpiderDeleteJobs.sql");
    public static readonly SqlStatement SpiderDelete = SqlStatement.Load("Sql/PlatformSpiderDelete.sql");
    public static readonly SqlStatement ProjectDeleteData = SqlStatement.Load("Sql/PlatformProjectDeleteData.sql");
    public static readonly SqlStatement ProjectDeleteJobs = SqlStatement.Load("Sql/PlatformProjectDeleteJobs.sql");
    public static readonly SqlStatement ProjectDeleteSpiders = SqlStatement.Load("Sql/PlatformProjectDeleteSpiders.sql");
    public static readonly SqlStatement ProjectDeleteActivity = SqlStatement.Load("Sql/PlatformProjectDeleteActivity.sql");
    public static readonly SqlStatement ProjectDeleteCollections = SqlStatement.Load("Sql/PlatformProjectDeleteCollections.sql");
    public static readonly SqlStatement ProjectDeleteCollectionVersions = SqlStatement.Load("Sql/PlatformProjectDeleteCollectionVersions.sql");
    public static readonly SqlStatement ProjectDeleteFrontierFingerprints = SqlStatement.Load("Sql/PlatformProjectDeleteFrontierFingerprints.sql");
    public static readonly SqlStatement ProjectDeleteFrontierRequests = SqlStatement.Load("Sql/PlatformProjectDeleteFrontierRequests.sql");
    public static readonly SqlStatement ProjectDeleteRow = SqlStatement.Load("Sql/PlatformProjectDeleteRow.sql");
}
