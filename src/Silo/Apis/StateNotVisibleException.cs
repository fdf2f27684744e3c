namespace JobRuntime.Silo.Apis;

/// <summary>A request named another user's state without being an administrator (answered 404).</summary>
internal sealed class StateNotVisibleException(string message) : Exception(message);
