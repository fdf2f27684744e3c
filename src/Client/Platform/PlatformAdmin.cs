using System.Globalization;
using System.Text.Json.Nodes;

namespace JobRuntime.Client.Platform;

/// <summary>
/// The admin API's deletes (<c>DELETE /api/admin/...</c>), for an administrator's key: a stored
/// user, a spider with its jobs and their data, a whole project. Each returns the silo's answer,
/// e.g. <c>{"deleted": "1/2", "jobs": 3, "status": "ok"}</c>.
/// </summary>
public sealed class PlatformAdmin
{
    private readonly PlatformClient _client;

    internal PlatformAdmin(PlatformClient client) => _client = client;

    /// <summary>Deletes a user added by the admin API: its key stops working at once.</summary>
    /// <exception cref="PlatformNotFoundException">No such user was added by the admin API.</exception>
    /// <exception cref="PlatformForbiddenException">The key is not an administrator's.</exception>
    public Task<JsonObject> DeleteUserAsync(string name, CancellationToken cancellationToken = default) =>
        DeleteAsync($"api/admin/users/{Uri.EscapeDataString(name)}", cancellationToken);

    /// <summary>Deletes a spider with its jobs and their data.</summary>
    /// <exception cref="PlatformNotFoundException">The project has no spider of that name.</exception>
    /// <exception cref="PlatformConflictException">The spider has pending or running jobs.</exception>
    public Task<JsonObject> DeleteSpiderAsync(long project, string spider, CancellationToken cancellationToken = default) =>
        DeleteAsync($"api/admin/projects/{project.ToString(CultureInfo.InvariantCulture)}/spiders/{Uri.EscapeDataString(spider)}", cancellationToken);

    /// <summary>Deletes a project: its spiders, jobs, data, collections, frontiers, activity and settings.</summary>
    /// <exception cref="PlatformNotFoundException">The project holds nothing.</exception>
    /// <exception cref="PlatformConflictException">The project has pending or running jobs.</exception>
    public Task<JsonObject> DeleteProjectAsync(long project, CancellationToken cancellationToken = default) =>
        DeleteAsync($"api/admin/projects/{project.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

    private async Task<JsonObject> DeleteAsync(string path, CancellationToken cancellationToken) =>
        JsonNode.Parse(await _client.SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false)) as JsonObject
        ?? throw new PlatformApiException("The admin API answered something other than a JSON object.", 200);
}
