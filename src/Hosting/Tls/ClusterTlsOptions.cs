using System.Security.Cryptography.X509Certificates;

namespace JobRuntime.Hosting;

/// <summary>
/// TLS for the Orleans gateway and silo-to-silo traffic (section <c>JobRuntime:Cluster:Tls</c>).
/// When a certificate is configured, every silo and client of the cluster speaks TLS 1.2+ and
/// both ends of every connection must present a certificate that chains to
/// <see cref="TrustedCaPath"/> (or, without it, to the machine's trusted roots): a client without
/// such a certificate cannot connect. Give the certificate as a file (<see cref="CertificatePath"/>)
/// or from a store (<see cref="StoreSubject"/>). Default: none of them set, TLS off (the embedded,
/// loopback-only silo).
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section: <c>JobRuntime:Cluster:Tls</c>.</summary>
    public const string SectionName = JobRuntimeClusterOptions.SectionName + ":Tls";

    /// <summary>
    /// This process's certificate with its private key: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>),
    /// or a PEM certificate whose key is in <see cref="KeyPath"/> (or in the same file). It must
    /// allow server and client authentication (no Extended Key Usage, or both). Default: none.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password (never logged). Default: none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>. Default: none (the key is in the certificate file).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The subject of a certificate in a store, instead of a file. Default: none.</summary>
    public string? StoreSubject { get; set; }

    /// <summary>The store of <see cref="StoreSubject"/>. Default: <see cref="StoreName.My"/>.</summary>
    public StoreName StoreName { get; set; } = StoreName.My;

    /// <summary>The store's location. Default: <see cref="StoreLocation.CurrentUser"/>.</summary>
    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>
    /// The certificate (PEM or DER) of the authority that issued the cluster's certificates: the
    /// only root a remote certificate may chain to. Default: none (the machine's trusted roots).
    /// </summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>True when a certificate is configured, from a file or a store.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(StoreSubject);
}
