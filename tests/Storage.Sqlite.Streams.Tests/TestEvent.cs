namespace JobRuntime.Sqlite.Streams.Tests;

[GenerateSerializer]
[Alias("JobRuntime.Sqlite.Streams.Tests.TestEvent")]
public sealed record TestEvent([property: Id(0)] int Number, [property: Id(1)] string Text);
