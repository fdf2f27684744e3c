namespace JobRuntime.Platform.Tests;

/// <summary>The platform tests share one silo process; each test uses spider, collection and frontier names of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformSilo>
{
    public const string Name = "platform silo";
}
