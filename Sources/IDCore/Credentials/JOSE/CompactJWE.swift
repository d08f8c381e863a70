import Foundation

/// JWE in compact serialization (RFC 7516) with direct ECDH-ES key agreement on P-256 (RFC 7518
/// section 4.6) and AES-GCM content encryption: how an OpenID4VP wallet encrypts its response
/// to the verifier's key (`direct_post.jwt`, `dc_api.jwt`).
///
/// Encryption makes an ephemeral key, agrees a content key with the recipient's key by the
/// Concat KDF (its algorithm identifier the `enc` value, `apu` and `apv` when given), and
/// authenticates the protected header. Decryption is strict: five parts, the header a JSON
/// object with `alg` `ECDH-ES`, an `enc` the caller accepts and an `epk` on the recipient's
/// curve, an empty encrypted key, a 96-bit IV and a 128-bit tag, no `zip` and no `crit`
/// (`malformed-jwe`, `unsupported-algorithm`); a changed byte anywhere is
/// `authentication-failed`, and no plaintext is returned then.
public enum CompactJWE {
    /// The content encryption algorithms offered (RFC 7518 section 5.3).
    public enum ContentEncryption: String, Sendable, CaseIterable {
        /// AES-128 in GCM.
        case a128GCM = "A128GCM"
        /// AES-256 in GCM.
        case a256GCM = "A256GCM"

        var keyBits: Int { self == .a128GCM ? 128 : 256 }
    }

    /// A decrypted JWE: its protected header and plaintext.
    public struct Decrypted: Sendable {
        /// The protected header, as the sender wrote it.
        public let header: JSONObject
        /// The content encryption used.
        public let encryption: ContentEncryption
        /// The plaintext.
        public let plaintext: Data
    }

    /// The only key management algorithm: direct key agreement.
    public static let keyAgreement = "ECDH-ES"

    /// Encrypts `plaintext` to the P-256 key `recipient`, naming it `keyID` when given, with
    /// `partyUInfo` and `partyVInfo` (`apu`, `apv`) bound into the key derivation when given.
    public static func encrypt(_ plaintext: some DataProtocol, to recipient: VerificationKey, encryption: ContentEncryption = .a128GCM, keyID: String? = nil,
                               partyUInfo: [UInt8]? = nil, partyVInfo: [UInt8]? = nil, random: some RandomByteSource = SecureRandom()) throws -> String {
        guard recipient.algorithm == .es256 else {
            throw IDCoreError(.unsupportedAlgorithm, "ECDH-ES here is on P-256; the recipient key is \(recipient.algorithm.joseName).")
        }
        let ephemeral = try SigningKey(generating: .es256)
        let point = ephemeral.publicKey.jwk
        var header: JSONObject = [
            "alg": .string(keyAgreement), "enc": .string(encryption.rawValue),
            "epk": .object(["kty": .string(point.keyType), "crv": .string(point.curve ?? ""), "x": .string(point.x ?? ""), "y": .string(point.y ?? "")]),
        ]
        if let keyID { header["kid"] = .string(keyID) }
        if let partyUInfo { header["apu"] = .string(Base64URL.encode(partyUInfo)) }
        if let partyVInfo { header["apv"] = .string(Base64URL.encode(partyVInfo)) }
        let key = try ephemeral.sharedSecret(with: recipient).concatKDFDerivedKey(bitCount: encryption.keyBits, algorithmID: encryption.rawValue,
                                                                                  partyUInfo: partyUInfo ?? [], partyVInfo: partyVInfo ?? [])
        let protected = Base64URL.encode(JSONValue.object(header).serialized)
        let iv = try random.bytes(count: 12)
        let sealed = try AESGCM.encrypt(plaintext, using: SecretKey(data: key), nonce: iv, authenticating: Data(protected.utf8))
        let ciphertext = sealed.prefix(sealed.count - AESGCM.tagLength), tag = sealed.suffix(AESGCM.tagLength)
        return [protected, "", Base64URL.encode(iv), Base64URL.encode(ciphertext), Base64URL.encode(tag)].joined(separator: ".")
    }

    /// Decrypts `jwe` with the recipient's private key, accepting the content encryptions
    /// `accepted`.
    public static func decrypt(_ jwe: String, with key: SigningKey, accepting accepted: Set<ContentEncryption> = Set(ContentEncryption.allCases)) throws -> Decrypted {
        let parts = jwe.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5 else { throw malformed("A compact JWE has five parts; this has \(parts.count).") }
        guard let headerBytes = Base64URL.decode(String(parts[0])), let header = (try? JSONValue(parsing: headerBytes))?.objectValue else {
            throw malformed("The JWE protected header is not base64url of a JSON object.")
        }
        guard header["alg"]?.stringValue == keyAgreement else {
            throw IDCoreError(.unsupportedAlgorithm, "The JWE alg is \(header["alg"].map { "\($0)" } ?? "missing"); only ECDH-ES is accepted.")
        }
        guard let named = header["enc"]?.stringValue, let encryption = ContentEncryption(rawValue: named), accepted.contains(encryption) else {
            throw IDCoreError(.unsupportedAlgorithm, "The JWE enc is \(header["enc"].map { "\($0)" } ?? "missing"); accepted: \(accepted.map(\.rawValue).sorted().joined(separator: ", ")).")
        }
        guard header["zip"] == nil, header["crit"] == nil else { throw malformed("The JWE asks for compression or critical extensions; neither is supported.") }
        guard parts[1].isEmpty else { throw malformed("Direct ECDH-ES carries no encrypted key; this JWE has one.") }
        guard let iv = Base64URL.decode(String(parts[2])), iv.count == 12, let ciphertext = Base64URL.decode(String(parts[3])),
              let tag = Base64URL.decode(String(parts[4])), tag.count == AESGCM.tagLength else {
            throw malformed("The JWE IV is 96 bits, its tag 128, and every part base64url.")
        }
        let agreed = try key.sharedSecret(with: try ephemeralKey(header["epk"]))
        let derived = try agreed.concatKDFDerivedKey(bitCount: encryption.keyBits, algorithmID: encryption.rawValue,
                                                     partyUInfo: try partyInfo(header, "apu"), partyVInfo: try partyInfo(header, "apv"))
        let plaintext = try AESGCM.decrypt(ciphertext + tag, using: SecretKey(data: derived), nonce: iv, authenticating: Data(parts[0].utf8))
        return Decrypted(header: header, encryption: encryption, plaintext: plaintext)
    }

    /// The sender's ephemeral public key: an EC JWK of its point (any other member ignored),
    /// which must lie on the curve.
    private static func ephemeralKey(_ value: JSONValue?) throws -> VerificationKey {
        guard let epk = value?.objectValue, let keyType = epk["kty"]?.stringValue, let curve = epk["crv"]?.stringValue,
              let x = epk["x"]?.stringValue, let y = epk["y"]?.stringValue else {
            throw malformed("The JWE epk is an EC JWK with kty, crv, x and y.")
        }
        do {
            return try VerificationKey(jwk: JSONWebKey(keyType: keyType, curve: curve, x: x, y: y))
        } catch let error as IDCoreError {
            throw malformed("The JWE epk is not a point of a supported curve: \(error.reason)")
        }
    }

    private static func partyInfo(_ header: JSONObject, _ name: String) throws -> [UInt8] {
        guard let value = header[name] else { return [] }
        guard let text = value.stringValue, let bytes = Base64URL.decode(text) else { throw malformed("The JWE \(name) is base64url.") }
        return Array(bytes)
    }

    private static func malformed(_ reason: String) -> IDCoreError {
        IDCoreError(.malformedJWE, reason)
    }
}
