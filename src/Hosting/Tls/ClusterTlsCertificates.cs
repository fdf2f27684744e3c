using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JobRuntime.Hosting;

/// <summary>Loads the certificates of <see cref="ClusterTlsOptions"/> and checks remote ones against the trusted authority.</summary>
internal static class ClusterTlsCertificates
{
    /// <summary>This process's certificate with its key.</summary>
    /// <exception cref="InvalidOperationException">The file or store entry cannot be read; the message names the key and the cause, never the password.</exception>
    public static X509Certificate2 LoadLocal(ClusterTlsOptions options)
    {
        const string Key = ClusterTlsOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.StoreSubject))
        {
            using var store = new X509Store(options.StoreName, options.StoreLocation);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindBySubjectName, options.StoreSubject, validOnly: false)
                .Where(c => c.HasPrivateKey)
                .OrderByDescending(c => c.NotAfter)
                .FirstOrDefault();
            return found ?? throw new InvalidOperationException(
                $"{Key}:StoreSubject: no certificate with a private key for '{options.StoreSubject}' in {options.StoreLocation}/{options.StoreName}.");
        }
        var path = options.CertificatePath!;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{Key}:CertificatePath: the file '{path}' does not exist.");
        }
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            return extension is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword)
                : X509Certificate2.CreateFromPemFile(path, options.KeyPath);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{Key}:CertificatePath: '{path}' is not a certificate with its private key ({e.Message}).", e);
        }
    }

    /// <summary>The trusted authority's certificate, or null for the machine's roots.</summary>
    public static X509Certificate2? LoadAuthority(ClusterTlsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TrustedCaPath))
        {
            return null;
        }
        if (!File.Exists(options.TrustedCaPath))
        {
            throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}:TrustedCaPath: the file '{options.TrustedCaPath}' does not exist.");
        }
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(options.TrustedCaPath);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}:TrustedCaPath: '{options.TrustedCaPath}' is not a certificate ({e.Message}).", e);
        }
    }

    /// <summary>
    /// A validator that accepts a remote certificate only when it chains to <paramref name="authority"/>
    /// (or to the machine's roots without one) and is within its validity period. Host names are not
    /// compared: silos are reached by address, and the authority vouches for every member.
    /// </summary>
    public static Func<X509Certificate2, SslPolicyErrors, bool> Validator(X509Certificate2? authority) => (certificate, errors) =>
    {
        if (authority is null)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    };
}
