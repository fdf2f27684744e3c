using JobRuntime.Storage.Platform;

namespace JobRuntime.Platform.Tests.Stores;

/// <summary>Projects, spiders, activity, users and the administrator's deletes.</summary>
public abstract partial class PlatformStoreConformanceTests
{
    [Fact]
    public async Task Spiders_are_numbered_by_first_use_of_their_name_and_keep_their_tags_and_program()
    {
        var books = await Projects.SpiderEnsureAsync(301, "books");
        var films = await Projects.SpiderEnsureAsync(301, "films");
        Assert.Equal(books, await Projects.SpiderEnsureAsync(301, "books"));
        Assert.Equal([1, 2], new[] { books.Id, films.Id });
        await Projects.SpiderUpdateAsync(books with { Tags = "[\"t\"]", Program = "{\"type\":\"shell\",\"command\":\"true\"}" });
        Assert.Equal("[\"t\"]", (await Projects.SpiderGetAsync(301, 1))!.Tags);
        Assert.Equal("{\"type\":\"shell\",\"command\":\"true\"}", (await Projects.SpiderGetByNameAsync(301, "books"))!.Program);
        Assert.Null(await Projects.SpiderGetByNameAsync(301, "none"));
        Assert.Equal(["books", "films"], (await Projects.SpiderListAsync(301)).Select(s => s.Name));
        Assert.Contains(301L, await Projects.ProjectListAsync());
    }

    [Fact]
    public async Task Settings_are_replaced_activity_lists_newest_first_and_users_are_found_by_key_hash()
    {
        Assert.Null(await Projects.ProjectSettingsGetAsync(302));
        await Projects.ProjectSettingsSetAsync(302, "{\"a\":1}");
        Assert.Equal("{\"a\":1}", await Projects.ProjectSettingsGetAsync(302));
        await Projects.ActivityAppendAsync(302, ["{\"n\":1}", "{\"n\":2}"]);
        await Projects.ActivityAppendAsync(302, ["{\"n\":3}"]);
        Assert.Equal(["{\"n\":3}", "{\"n\":2}"], (await Projects.ActivityListAsync(302, 2)).Select(e => e.Data));
        var user = new PlatformUserRecord("dora", [7, 7, 7], [302, 303], Admin: false);
        await Projects.UserSetAsync(user);
        var found = await Projects.UserFindByKeyAsync([7, 7, 7]);
        Assert.Equal(("dora", false), (found!.Name, found.Admin));
        Assert.Equal([302L, 303L], found.Projects);
        Assert.True(await Projects.UserDeleteAsync("dora"));
        Assert.False(await Projects.UserDeleteAsync("dora"));
        Assert.Null(await Projects.UserFindByKeyAsync([7, 7, 7]));
    }

    [Fact]
    public async Task Deleting_a_spider_removes_its_jobs_and_data_and_deleting_a_project_removes_everything()
    {
        var spider = await Projects.SpiderEnsureAsync(304, "doomed");
        var kept = await Projects.SpiderEnsureAsync(304, "kept");
        var job = await Jobs.JobInsertAsync(NewJob(304, spider.Id));
        var other = await Jobs.JobInsertAsync(NewJob(304, kept.Id));
        await Data.DataWriteAsync(new PlatformDataWriteParams(job.Key, PlatformDataKind.Items, 0, 1, PlatformRecordBatch.From(["{}"])));
        Assert.True(await Projects.SpiderDeleteAsync(304, spider.Id));
        Assert.Null(await Jobs.JobGetAsync(job.Key));
        Assert.Equal(0, await Data.DataCountAsync(job.Key, PlatformDataKind.Items));
        Assert.NotNull(await Jobs.JobGetAsync(other.Key));
        await Collections.CollectionSetAsync(new PlatformCollectionId(304, "vs", "c"), [KeyValuePair.Create("k", "{}"), KeyValuePair.Create("k", "{}")], 1);
        await Frontiers.FrontierAddAsync(new PlatformSlotId(304, "f", "0"), [new PlatformFrontierRequest("/a", null, null, 0)], 10);
        await Projects.ActivityAppendAsync(304, ["{}"]);
        Assert.True(await Projects.ProjectDeleteAsync(304));
        Assert.Null(await Jobs.JobGetAsync(other.Key));
        Assert.Empty(await Collections.CollectionListAsync(304));
        Assert.Empty(await Frontiers.FrontierListAsync(304));
        Assert.Empty(await Projects.ActivityListAsync(304, 10));
        Assert.Empty(await Projects.SpiderListAsync(304));
        Assert.False(await Projects.ProjectDeleteAsync(304));
    }
}
