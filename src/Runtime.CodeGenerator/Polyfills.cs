// Lets records and init-only setters compile against netstandard2.0, which lacks this marker type.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
