import COpenSSL
import Foundation

/// A certificate as OpenSSL reads it (RFC 5280). The fields the SDK checks are read out as
/// plain values; extensions are handed over as their DER, which the X509 layer parses itself.
final class X509Handle: @unchecked Sendable {
    /// One name attribute: its object identifier, dotted, and its value as UTF-8.
    typealias NameAttribute = (oid: String, value: String)
    /// One extension: its object identifier, dotted, whether it is critical, and its DER value.
    typealias Extension = (oid: String, critical: Bool, value: [UInt8])

    /// The `X509 *`, owned; immutable once read, so any thread may use it.
    let certificate: OpaquePointer

    /// Reads one DER certificate; every byte must belong to it.
    init(der: [UInt8]) throws {
        guard let certificate = OpenSSLDER.decode(der, { d2i_X509(nil, &$0, $1) }, free: X509_free) else {
            throw OpenSSLErrorQueue.error(.malformedCertificate, "The certificate is not DER X.509, or has bytes after its end.")
        }
        OpenSSLErrorQueue.drain()
        self.certificate = certificate
        if signatureAlgorithm == Self.sm2WithSM3 { try useSM2DistinguishingID(SignatureAlgorithm.defaultSM2DistinguishingID) }
    }

    /// SM2 with SM3 (GB/T 35276), whose signatures cover the signer's distinguishing ID.
    private static let sm2WithSM3 = "1.2.156.10197.1.501"

    /// The distinguishing ID OpenSSL verifies this certificate's SM2 signature with: certificates
    /// use the default of GB/T 35276 and GM/T 0015, which OpenSSL only applies when told.
    private func useSM2DistinguishingID(_ identifier: Data) throws {
        guard let octets = ASN1_OCTET_STRING_new() else { throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not allocate an SM2 ID.") }
        let set = identifier.withUnsafeBytes { ASN1_OCTET_STRING_set(octets, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32($0.count)) }
        guard set == 1 else {
            ASN1_OCTET_STRING_free(octets)
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not set an SM2 ID.")
        }
        X509_set0_distinguishing_id(certificate, octets)
    }

    deinit { X509_free(certificate) }

    var subject: [NameAttribute] { Self.attributes(of: X509_get_subject_name(certificate)) }
    var issuer: [NameAttribute] { Self.attributes(of: X509_get_issuer_name(certificate)) }

    /// The serial number's magnitude, big-endian, and whether it is negative (RFC 5280 forbids it).
    var serialNumber: (magnitude: [UInt8], negative: Bool) {
        let serial = X509_get0_serialNumber(certificate)
        return (Self.bytes(of: serial), ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER)
    }

    var notBefore: Date? { Self.date(X509_get0_notBefore(certificate)) }
    var notAfter: Date? { Self.date(X509_get0_notAfter(certificate)) }

    /// The SubjectPublicKeyInfo DER.
    func subjectPublicKeyInfo() throws -> [UInt8] {
        try OpenSSLDER.encode("public key") { i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate), $0) }
    }

    /// The subject name exactly as the certificate encodes it, DER.
    func subjectNameDER() throws -> [UInt8] {
        try OpenSSLDER.encode("subject name") { i2d_X509_NAME(X509_get_subject_name(certificate), $0) }
    }

    /// The whole certificate, DER.
    func der() throws -> [UInt8] {
        try OpenSSLDER.encode("certificate") { i2d_X509(certificate, $0) }
    }

    /// The signature algorithm's object identifier, dotted.
    var signatureAlgorithm: String {
        var algorithm: UnsafePointer<X509_ALGOR>?
        X509_get0_signature(nil, &algorithm, certificate)
        var object: OpaquePointer?
        X509_ALGOR_get0(&object, nil, nil, algorithm)
        return Self.dotted(object)
    }

    var extensions: [Extension] {
        (0..<X509_get_ext_count(certificate)).map { Self.extension(X509_get_ext(certificate, $0)) }
    }

    static func `extension`(_ entry: OpaquePointer?) -> Extension {
        (dotted(X509_EXTENSION_get_object(entry)), X509_EXTENSION_get_critical(entry) == 1, bytes(of: UnsafePointer(X509_EXTENSION_get_data(entry))))
    }

    static func attributes(of name: OpaquePointer?) -> [NameAttribute] {
        guard let name else { return [] }
        return (0..<X509_NAME_entry_count(name)).map { index in
            let entry = X509_NAME_get_entry(name, index)
            var text: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&text, X509_NAME_ENTRY_get_data(entry))
            defer { CRYPTO_free(text, nil, 0) }
            let value = length >= 0 && text != nil ? String(decoding: UnsafeBufferPointer(start: text, count: Int(length)), as: UTF8.self) : ""
            return (dotted(X509_NAME_ENTRY_get_object(entry)), value)
        }
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    static func bytes(of string: UnsafePointer<ASN1_STRING>?) -> [UInt8] {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }

    static func dotted(_ object: OpaquePointer?) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        return length > 0 ? String(decoding: buffer.prefix(Int(min(length, 127))).map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }
}
