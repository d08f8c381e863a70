import Foundation

/// A JSON Web Signature in compact serialization (RFC 7515) whose payload is a JSON object:
/// the form of SD-JWT issuer-signed JWTs, key-binding JWTs and status list tokens.
///
/// Parsing refuses what RFC 7515 and RFC 8725 say to refuse: `alg` `none` or any algorithm this
/// SDK does not implement, a `crit` header naming an extension it does not understand, duplicate
/// header or payload members, and anything but three base64url segments.
struct CompactJWS: Sendable {
    let header: [String: JSONValue]
    let payload: [String: JSONValue]
    let algorithm: SignatureAlgorithm
    let signature: Signature
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes the signature covers.
    let signingInput: ArraySlice<UInt8>

    var keyID: String? { header["kid"]?.stringValue }
    var type: String? { header["typ"]?.stringValue }

    init(parsing text: some StringProtocol) throws {
        let bytes = Array(text.utf8)
        let dots = bytes.indices.filter { bytes[$0] == UInt8(ascii: ".") }
        guard dots.count == 2 else {
            throw IDCoreError(.malformedCredential, "A compact JWS has three dot-separated parts; this one has \(dots.count + 1).")
        }
        let headerPart = bytes[..<dots[0]]
        let payloadPart = bytes[(dots[0] + 1)..<dots[1]]
        let signaturePart = bytes[(dots[1] + 1)...]
        guard let headerBytes = Base64URL.decode(headerPart), let payloadBytes = Base64URL.decode(payloadPart),
              let signatureBytes = Base64URL.decode(signaturePart)
        else {
            throw IDCoreError(.malformedCredential, "A JWS part is not unpadded base64url.")
        }
        guard let header = try JSONValue(parsing: headerBytes).objectValue else {
            throw IDCoreError(.malformedCredential, "The JWS header is not a JSON object.")
        }
        guard let algorithmName = header["alg"]?.stringValue else {
            throw IDCoreError(.malformedCredential, "The JWS header has no 'alg'.")
        }
        guard algorithmName.lowercased() != "none" else {
            throw IDCoreError(.malformedCredential, "Unsigned JWTs (alg 'none') are never accepted.")
        }
        guard let algorithm = SignatureAlgorithm(rawValue: algorithmName) else {
            throw IDCoreError(.unsupportedAlgorithm, "JWS algorithm '\(algorithmName)' is not supported (ES256, ES384, EdDSA, SM2).")
        }
        try Self.checkCritical(header)
        guard let payload = try JSONValue(parsing: payloadBytes).objectValue else {
            throw IDCoreError(.malformedCredential, "The JWS payload is not a JSON object.")
        }
        self.header = header
        self.payload = payload
        self.algorithm = algorithm
        self.signature = try Signature(rawRepresentation: signatureBytes, algorithm: algorithm)
        self.signingInput = bytes[..<dots[1]]
    }

    /// Whether the signature verifies with `key`, whose algorithm must be the header's.
    func isSignatureValid(with key: VerificationKey) -> Bool {
        key.algorithm == algorithm && key.isValidSignature(signature, for: signingInput)
    }

    /// Signs `payload` with `key`, adding `alg` to `header`; returns the compact serialization.
    static func sign(header: [String: JSONValue], payload: [String: JSONValue], with key: SigningKey) throws -> String {
        var header = header
        header["alg"] = .string(key.algorithm.joseName)
        let signingInput = Base64URL.encode(JSONValue.object(header).serialized) + "." + Base64URL.encode(JSONValue.object(payload).serialized)
        let signature = try key.signature(for: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// RFC 7515 section 4.1.11: every name in `crit` must be understood and present. This SDK
    /// defines no JWS extensions, so any `crit` is refused, with the most specific reason.
    private static func checkCritical(_ header: [String: JSONValue]) throws {
        guard let critical = header["crit"] else { return }
        guard let names = critical.arrayValue?.compactMap(\.stringValue), !names.isEmpty,
              names.count == critical.arrayValue?.count
        else {
            throw IDCoreError(.malformedCredential, "The JWS 'crit' header must be a non-empty array of names.")
        }
        if let missing = names.first(where: { header[$0] == nil }) {
            throw IDCoreError(.malformedCredential, "The JWS marks '\(missing)' critical but does not carry it.")
        }
        throw IDCoreError(.malformedCredential, "The JWS marks extension '\(names.joined(separator: "', '"))' critical, which this verifier does not understand.")
    }
}
