using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobRuntime.Queues.Tests.Backends;
using JobRuntime.Queues.Tests.Cli;

namespace JobRuntime.Queues.Tests.Silo;

/// <summary>The silo's /queues/ API and jobrt's silo:HOST:PORT/NAME spec, against the silo as a process.</summary>
public sealed class QueuesHttpTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Pushed_tasks_are_counted_and_peeked_in_the_jobq_format()
    {
        using var http = silo.Http();
        var name = QueueNames.Unique("h");
        var pushed = await http.PostAsync($"/queues/{name}/messages?num_retries=2", new StringContent("{\"n\": 1}\n\"echo hi\"\n"));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        Assert.Equal(2, (await pushed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").GetArrayLength());
        var info = await http.GetFromJsonAsync<JsonElement>($"/queues/{name}");
        Assert.Equal(2, info.GetProperty("size").GetInt64());
        var peeked = await http.GetFromJsonAsync<JsonElement[]>($"/queues/{name}/messages?n=5");
        Assert.Equal(2, peeked!.Length);
        Assert.Equal("echo hi", peeked[1].GetProperty("kwargs").GetProperty("cmd").GetString());
        Assert.Equal(2, peeked[0].GetProperty("num_retries").GetInt32());
    }

    [Fact]
    public async Task A_received_message_is_deleted_by_its_receipt_and_a_stale_receipt_is_not_found()
    {
        using var http = silo.Http();
        var name = QueueNames.Unique("h");
        await http.PostAsync($"/queues/{name}/messages", new StringContent("{\"n\": 1}\n"));
        var leases = await (await http.PostAsync($"/queues/{name}/leases?n=1&visibility=60", null)).Content.ReadFromJsonAsync<JsonElement[]>();
        var receipt = Uri.EscapeDataString(Assert.Single(leases!).GetProperty("receipt").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/queues/{name}/leases?receipt={receipt}")).StatusCode);
        var stale = await http.DeleteAsync($"/queues/{name}/leases?receipt={receipt}");
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
        Assert.Contains("receipt", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_bad_queue_name_is_400_with_a_message()
    {
        using var http = silo.Http();
        var response = await http.GetAsync("/queues/Bad_Name");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid queue name 'Bad_Name'", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_queues_need_a_user()
    {
        using var http = silo.Http(authenticated: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/queues/{QueueNames.Unique("h")}")).StatusCode);
    }

    [Fact]
    public async Task Jobrt_pushes_and_works_a_queue_through_the_silo_gateway()
    {
        // Over HTTP the queue is alice's own; a worker at the gateway opens it by its stored name.
        var name = QueueNames.Unique("g");
        var spec = $"silo:127.0.0.1:{silo.GatewayPort}/{QueueName.ForUser("alice", name)}";
        var marker = Path.Combine(silo.Directory, name);
        var push = await Jobrt.RunAsync(silo.Directory, "queue", spec, "push", "-c", $"touch '{marker}'");
        Assert.True(push.ExitCode == 0, push.ToString());
        using var http = silo.Http();
        Assert.Equal(1, (await http.GetFromJsonAsync<JsonElement>($"/queues/{name}")).GetProperty("size").GetInt64());
        var worker = await Jobrt.RunAsync(silo.Directory, "queue", spec, "worker");
        Assert.True(worker.ExitCode == 0, worker.ToString());
        Assert.True(File.Exists(marker));
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>($"/queues/{name}")).GetProperty("size").GetInt64());
    }
}
