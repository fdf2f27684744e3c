using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace JobRuntime.Queues.Tests.Messages;

public sealed class QueueMessageTests
{
    [Fact]
    public void A_message_is_written_in_the_jobq_format()
    {
        var message = QueueMessage.FromObject(new { my_number = 3 }, numRetries: 2);
        var id = Md5("""{"my_number":3}""");
        Assert.Equal($$"""{"version":1,"kwargs":{"my_number":3},"num_retries":2,"id":"{{id}}"}""", message.ToJson());
    }

    [Fact]
    public void The_same_task_gets_the_same_id_and_a_random_id_differs()
    {
        Assert.Equal(QueueMessage.Command("echo hi").Id, QueueMessage.Command("echo hi").Id);
        Assert.NotEqual(QueueMessage.Command("echo hi", randomId: true).Id, QueueMessage.Command("echo hi", randomId: true).Id);
    }

    [Fact]
    public void A_plain_string_task_becomes_a_cmd()
    {
        var message = QueueMessage.Create(JsonSerializer.SerializeToElement("ls -l"));
        Assert.Equal("ls -l", message.Cmd);
        Assert.Equal("""{"cmd":"ls -l"}""", message.Kwargs.GetRawText());
    }

    [Fact]
    public void A_message_reads_back_with_its_error()
    {
        var parsed = QueueMessage.Parse("""{"version":1,"kwargs":{"cmd":"false"},"num_retries":0,"id":"abc","error":"exit 1"}""");
        Assert.Equal(("false", 0, "abc", "exit 1"), (parsed.Cmd, parsed.NumRetries, parsed.Id, parsed.Error));
    }

    [Fact]
    public void A_body_that_is_not_a_jobq_message_is_refused_with_the_reason()
    {
        var error = Assert.Throws<InvalidQueueMessageException>(() => QueueMessage.Parse("""{"cmd":"x"}"""));
        Assert.Contains("kwargs", error.Message);
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
