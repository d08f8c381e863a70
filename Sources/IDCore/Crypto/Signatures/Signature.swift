import Foundation

/// A digital signature, held in its fixed-size form and convertible to DER.
///
/// ECDSA and SM2 signatures exist in two encodings: the fixed-size `r || s` that JOSE uses
/// (RFC 7518 section 3.4, IEEE P1363) and the DER `SEQUENCE { r INTEGER, s INTEGER }` of X.509,
/// CMS and the `openssl` command line. Both initialisers check the encoding strictly; whether
/// the values verify is the key's question. A high `s` is accepted, as FIPS 186-5 and GB/T
/// 32918 accept it: neither standard requires the low-`s` form.
public struct Signature: Sendable, Hashable {
    /// The algorithm that made this signature.
    public let algorithm: SignatureAlgorithm
    /// The fixed-size form: `r || s`, each left-padded to the curve size, or Ed25519's 64 bytes.
    public let rawRepresentation: Data

    /// Wraps a fixed-size signature, refusing any other length.
    @inlinable
    public init(rawRepresentation: some DataProtocol, algorithm: SignatureAlgorithm) throws {
        // Inlinable so that the copy into `Data` is specialised in the caller's module; the
        // unspecialised copy goes byte by byte through the protocol.
        try self.init(checkedRaw: Data(rawRepresentation), algorithm: algorithm)
    }

    @usableFromInline
    init(checkedRaw rawRepresentation: Data, algorithm: SignatureAlgorithm) throws {
        guard rawRepresentation.count == algorithm.rawSignatureLength else {
            throw IDCoreError(
                .invalidSignatureEncoding,
                "A \(algorithm.joseName) signature is \(algorithm.rawSignatureLength) bytes; this one is \(rawRepresentation.count)."
            )
        }
        self.algorithm = algorithm
        self.rawRepresentation = rawRepresentation
    }

    /// Reads a DER `ECDSA-Sig-Value` (ECDSA and SM2 only). Non-minimal lengths, negative or
    /// zero-padded integers, values wider than the curve and trailing bytes are refused.
    public init(derRepresentation: some DataProtocol, algorithm: SignatureAlgorithm) throws {
        try self.init(der: Array(derRepresentation)[...], algorithm: algorithm)
    }

    /// Reads DER held in an array slice without copying it first: the signing path's form.
    init(der: ArraySlice<UInt8>, algorithm: SignatureAlgorithm) throws {
        guard algorithm.hasDERSignatures else {
            throw IDCoreError(.algorithmMismatch, "\(algorithm.joseName) signatures have no DER form.")
        }
        var outer = DER.Reader(der, failure: .invalidSignatureEncoding)
        var sequence = DER.Reader(try outer.read(DER.sequence), failure: .invalidSignatureEncoding)
        try outer.expectEnd()
        let r = try sequence.readUnsignedInteger()
        let s = try sequence.readUnsignedInteger()
        try sequence.expectEnd()
        let width = algorithm.scalarLength
        guard r.count <= width, s.count <= width else {
            throw IDCoreError(.invalidSignatureEncoding, "A \(algorithm.joseName) signature value is wider than \(width) bytes.")
        }
        // Built in an array: appending to Data from a generic sequence costs a dynamic cast
        // per call, which shows on the signing path.
        var raw = [UInt8](repeating: 0, count: 2 * width)
        raw.replaceSubrange((width - r.count)..<width, with: r)
        raw.replaceSubrange((2 * width - s.count)..<(2 * width), with: s)
        self.algorithm = algorithm
        self.rawRepresentation = raw.withUnsafeBytes { Data($0) }
    }

    /// The DER `ECDSA-Sig-Value` form; `Signature` for Ed25519 has none and throws.
    public var derRepresentation: Data {
        get throws {
            guard algorithm.hasDERSignatures else {
                throw IDCoreError(.algorithmMismatch, "\(algorithm.joseName) signatures have no DER form.")
            }
            let half = algorithm.scalarLength
            // Through the contiguous bytes, into one buffer: slices of `Data` are copied byte by
            // byte through its iterator, and every ECDSA and SM2 verification builds this form.
            return rawRepresentation.withUnsafeBytes { raw in
                var integers: [UInt8] = []
                integers.reserveCapacity(raw.count + 6)
                DER.appendUnsignedInteger(raw[..<half], to: &integers)
                DER.appendUnsignedInteger(raw[half...], to: &integers)
                return Data(DER.element(DER.sequence, integers))
            }
        }
    }

    /// The encoding OpenSSL's EVP interface takes: DER for ECDSA and SM2, raw for Ed25519.
    var openSSLRepresentation: Data {
        get throws { algorithm.hasDERSignatures ? try derRepresentation : rawRepresentation }
    }
}
