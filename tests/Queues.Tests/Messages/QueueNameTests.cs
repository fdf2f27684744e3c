namespace JobRuntime.Queues.Tests.Messages;

public sealed class QueueNameTests
{
    [Theory]
    [InlineData("Tasks")]
    [InlineData("my_queue")]
    [InlineData("-tasks")]
    [InlineData("a--b")]
    [InlineData("ab")]
    public void Names_outside_the_jobq_rules_are_refused_naming_the_name(string name)
    {
        var error = Assert.Throws<InvalidQueueNameException>(() => QueueName.Validate(name));
        Assert.Contains($"'{name}'", error.Message);
    }

    [Fact]
    public void The_dead_letter_queue_is_the_name_with_failed()
    {
        Assert.Equal("my-tasks-failed", QueueName.Failed(QueueName.Validate("my-tasks")));
    }
}
