using JobRuntime.Silo.Apis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobRuntime.Silo.Identity;

/// <summary>
/// The user admin API, for administrators only (<see cref="SiloPolicies.Admin"/>). Users from
/// configuration are listed but changed only there; the others live in the user directory grain.
/// Errors are JSON <c>{"message"}</c>: a bad name or password 400, an unknown user 404, a
/// configured user, a taken name or an open silo 409.
/// </summary>
public static class UsersApi
{
    /// <summary>
    /// Maps the routes under <c>/users</c>:
    /// <list type="table">
    /// <item><term>GET /users/</term><description>every user</description></item>
    /// <item><term>POST /users/</term><description>add one from <c>{"name", "password"?, "admin"?, "projects"?}</c>: 201</description></item>
    /// <item><term>GET /users/{name}</term><description>one user</description></item>
    /// <item><term>PATCH /users/{name}</term><description>set <c>{"admin"?, "projects"?}</c></description></item>
    /// <item><term>DELETE /users/{name}</term><description>remove the user (their keys stop working at once): 204</description></item>
    /// <item><term>PUT /users/{name}/password</term><description>set <c>{"password"}</c>: 204</description></item>
    /// <item><term>POST /users/{name}/keys</term><description>issue an API key, shown once: 201 <c>{"user", "id", "key"}</c></description></item>
    /// <item><term>DELETE /users/{name}/keys/{id}</term><description>revoke a key (refused at once): 204</description></item>
    /// </list>
    /// </summary>
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/users")
            .RequireAuthorization(SiloPolicies.Admin)
            .AddEndpointFilter(JobsApiErrors.HandleAsync)
            .AddEndpointFilter(HandleAsync);
        api.MapGet("/", (Delegate)ListUsers);
        api.MapPost("/", AddUser);
        api.MapGet("/{name}", GetUser);
        api.MapPatch("/{name}", ChangeUser);
        api.MapDelete("/{name}", RemoveUser);
        api.MapPut("/{name}/password", SetPassword);
        api.MapPost("/{name}/keys", IssueKey);
        api.MapDelete("/{name}/keys/{id}", RevokeKey);
        return api;
    }

    private static async Task<Ok<UserInfo[]>> ListUsers(HttpContext http)
    {
        var users = await Directory(http).ListAsync();
        return TypedResults.Ok(await Task.WhenAll(users.Select(u => InfoAsync(http, u))));
    }

    private static async Task<Created<UserInfo>> AddUser(HttpContext http, CreateUserRequest body)
    {
        var user = await Admin(http).AddAsync(body.Name ?? "", body.Password, body.Admin, body.Projects ?? []);
        return TypedResults.Created($"/users/{user.Name}", await InfoAsync(http, user));
    }

    private static async Task<Results<Ok<UserInfo>, NotFound<ApiError>>> GetUser(HttpContext http, string name) =>
        await Directory(http).FindAsync(name) is { } user
            ? TypedResults.Ok(await InfoAsync(http, user))
            : TypedResults.NotFound(new ApiError($"No user named '{name}'."));

    private static async Task<Ok<UserInfo>> ChangeUser(HttpContext http, string name, ChangeUserRequest body) =>
        TypedResults.Ok(await InfoAsync(http, await Admin(http).SetRolesAsync(name, body.Admin, body.Projects)));

    private static async Task<NoContent> RemoveUser(HttpContext http, string name)
    {
        await Admin(http).RemoveAsync(name);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetPassword(HttpContext http, string name, SetPasswordRequest body)
    {
        await Admin(http).SetPasswordAsync(name, body.Password ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<Created<IssuedKey>> IssueKey(HttpContext http, string name)
    {
        var (id, key) = await Admin(http).IssueKeyAsync(name);
        return TypedResults.Created($"/users/{name}/keys/{id}", new IssuedKey(name, id, key));
    }

    private static async Task<NoContent> RevokeKey(HttpContext http, string name, string id)
    {
        await Admin(http).RevokeKeyAsync(name, id);
        return TypedResults.NoContent();
    }

    private static async Task<UserInfo> InfoAsync(HttpContext http, DirectoryUser user)
    {
        var keys = user.Configured ? [] : await Admin(http).KeysAsync(user.Name);
        return new UserInfo(user.Name, user.Admin, [.. user.Projects.Order()], user.PasswordHash is not null,
            [.. keys.Select(k => new UserKeyInfo(k.Id, k.Created))], user.Configured ? "configuration" : "directory");
    }

    private static UserDirectory Directory(HttpContext http) => http.RequestServices.GetRequiredService<UserDirectory>();

    private static UserAdministration Admin(HttpContext http) => http.RequestServices.GetRequiredService<UserAdministration>();

    private static async ValueTask<object?> HandleAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (UserAdminException e)
        {
            return TypedResults.Json(new ApiError(e.Message), statusCode: e.Status);
        }
    }
}
