using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JobRuntime.Security.Tests;

/// <summary>
/// A certificate authority made for one test class, and certificates it issues (or that a second,
/// untrusted authority issues), written as PKCS#12 files with a password and the authority as PEM.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "test-password";

    private readonly X509Certificate2 _authority;

    public TestCertificates(string directory, string name = "JobRuntime test CA")
    {
        Directory = directory;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        AuthorityPath = Path.Combine(directory, Sanitize(name) + ".crt");
        File.WriteAllText(AuthorityPath, _authority.ExportCertificatePem());
    }

    public string Directory { get; }

    /// <summary>The authority's certificate (PEM), for <c>JobRuntime:Cluster:Tls:TrustedCaPath</c>.</summary>
    public string AuthorityPath { get; }

    /// <summary>Issues a certificate for server and client authentication; returns its .pfx path.</summary>
    public string Issue(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        using var issued = request.Create(_authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(Directory, Sanitize(subject) + ".pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    public void Dispose() => _authority.Dispose();

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
