import COpenSSL
import Foundation

/// A certificate revocation list as OpenSSL reads it (RFC 5280 section 5).
final class X509CRLHandle: @unchecked Sendable {
    /// The `X509_CRL *`, owned; immutable once read.
    let list: OpaquePointer

    /// Reads one DER CRL; every byte must belong to it.
    init(der: [UInt8]) throws {
        guard let list = OpenSSLDER.decode(der, { d2i_X509_CRL(nil, &$0, $1) }, free: X509_CRL_free) else {
            throw OpenSSLErrorQueue.error(.malformedCertificate, "The CRL is not DER X.509, or has bytes after its end.")
        }
        OpenSSLErrorQueue.drain()
        self.list = list
    }

    deinit { X509_CRL_free(list) }

    var issuer: [X509Handle.NameAttribute] { X509Handle.attributes(of: X509_CRL_get_issuer(list)) }
    var thisUpdate: Date? { X509Handle.date(X509_CRL_get0_lastUpdate(list)) }
    var nextUpdate: Date? { X509Handle.date(X509_CRL_get0_nextUpdate(list)) }

    var extensions: [X509Handle.Extension] {
        (0..<X509_CRL_get_ext_count(list)).map { X509Handle.extension(X509_CRL_get_ext(list, $0)) }
    }

    /// The serial numbers it revokes, as big-endian magnitudes.
    var revokedSerialNumbers: [[UInt8]] {
        guard let revoked = X509_CRL_get_REVOKED(list) else { return [] }
        return (0..<OPENSSL_sk_num(revoked)).map { index in
            let entry = OpaquePointer(OPENSSL_sk_value(revoked, index))
            return X509Handle.bytes(of: X509_REVOKED_get0_serialNumber(entry))
        }
    }
}
