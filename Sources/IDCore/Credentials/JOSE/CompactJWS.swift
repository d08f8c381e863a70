import Foundation

/// A JSON Web Signature in compact serialization (RFC 7515) whose payload is a JSON object:
/// the form of SD-JWT issuer-signed JWTs, key-binding JWTs and status list tokens.
///
/// Parsing refuses what RFC 7515 and RFC 8725 say to refuse: `alg` `none` or any algorithm this
/// SDK does not implement, a `crit` header naming an extension it does not understand, duplicate
/// header or payload members, and anything but three base64url segments.
struct CompactJWS: Sendable {
    let header: JSONObject
    private(set) var payload: JSONObject
    let algorithm: SignatureAlgorithm
    let signature: Signature
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes the signature covers.
    let signingInput: ArraySlice<UInt8>

    var keyID: String? { header["kid"]?.stringValue }
    var type: String? { header["typ"]?.stringValue }

    init(parsing text: some StringProtocol) throws {
        try self.init(parsing: Array(text.utf8)[...])
    }

    /// Parses the JWS in `bytes`, which `signingInput` then shares rather than copies.
    init(parsing bytes: ArraySlice<UInt8>) throws {
        let dot = UInt8(ascii: ".")
        guard let firstDot = bytes.firstIndex(ofByte: dot, from: bytes.startIndex),
              let secondDot = bytes.firstIndex(ofByte: dot, from: firstDot + 1),
              bytes.firstIndex(ofByte: dot, from: secondDot + 1) == nil
        else {
            let parts = bytes.lazy.filter { $0 == dot }.count + 1
            throw IDCoreError(.malformedCredential, "A compact JWS has three dot-separated parts; this one has \(parts).")
        }
        let notBase64URL = IDCoreError(.malformedCredential, "A JWS part is not unpadded base64url.")
        guard let header = try JSONValue(parsingBase64URL: bytes[..<firstDot]) else { throw notBase64URL }
        guard let header = header.objectValue else {
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
        guard let payload = try JSONValue(parsingBase64URL: bytes[(firstDot + 1)..<secondDot]),
              let signatureBytes = Base64URL.decode(bytes[(secondDot + 1)...])
        else { throw notBase64URL }
        guard let payload = payload.objectValue else {
            throw IDCoreError(.malformedCredential, "The JWS payload is not a JSON object.")
        }
        self.header = header
        self.payload = payload
        self.algorithm = algorithm
        self.signature = try Signature(rawRepresentation: signatureBytes, algorithm: algorithm)
        self.signingInput = bytes[..<secondDot]
    }

    /// Hands the payload over, leaving this JWS without one: the verifier rewrites the payload
    /// into the disclosed claims in place, which a second reference to it would force to copy.
    mutating func takePayload() -> JSONObject {
        var taken: JSONObject = [:]
        swap(&taken, &payload)
        return taken
    }

    /// Whether the signature verifies with `key`, whose algorithm must be the header's.
    func isSignatureValid(with key: VerificationKey) -> Bool {
        key.algorithm == algorithm && key.isValidSignature(signature, for: signingInput)
    }

    /// Signs `payload` with `key`, adding `alg` to `header`; returns the compact serialization.
    static func sign(header: JSONObject, payload: JSONObject, with key: any MessageSigner) throws -> String {
        var header = header
        header["alg"] = .string(key.algorithm.joseName)
        let signingInput = Base64URL.encode(JSONValue.object(header).serialized) + "." + Base64URL.encode(JSONValue.object(payload).serialized)
        let signature = try key.signature(for: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// RFC 7515 section 4.1.11: every name in `crit` must be understood and present. This SDK
    /// defines no JWS extensions, so any `crit` is refused, with the most specific reason.
    private static func checkCritical(_ header: JSONObject) throws {
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
