import Foundation
import IDCore

/// The OpenSSL work that no verifier of a given presentation can skip, done with the SDK's own
/// primitives and nothing else: both signatures checked over the presentation's own signing
/// inputs (the issuer's with its trusted key, the key binding's with the holder key read from
/// its already-parsed JWK), and the SHA-256 digests of every disclosure and of `sd_hash`.
///
/// Timed beside the raw verifications, it shows how much of the target's allowance is left for
/// everything else a verifier does: splitting, decoding and parsing the presentation, the RFC
/// 9901 checks and the policies.
struct VerificationFloor {
    private let issuerKey: VerificationKey
    private let issuerSigned: (input: Data, signature: Signature)
    private let holderJWK: JSONWebKey
    private let keyBinding: (input: Data, signature: Signature)
    private let disclosures: [Disclosure]
    private let presentedWithoutKeyBinding: Data

    init(presentation text: String, issuerKey: VerificationKey) throws {
        let presentation = try SDJWT(parsing: text)
        guard let keyBindingJWT = presentation.keyBindingJWT else { throw BenchmarkError("the presentation has no key binding") }
        let issuerSigned = try Self.signedParts(of: presentation.issuerSignedJWT, algorithm: issuerKey.algorithm)
        let payload = try JSONValue(parsing: issuerSigned.payload)
        guard let jwk = payload["cnf"]?["jwk"] else { throw BenchmarkError("the credential has no cnf.jwk") }
        // The benchmark gives the wallet a key of the issuer's algorithm.
        self.holderJWK = try JSONDecoder().decode(JSONWebKey.self, from: JSONEncoder().encode(jwk))
        self.issuerKey = issuerKey
        self.issuerSigned = (issuerSigned.input, issuerSigned.signature)
        let keyBinding = try Self.signedParts(of: keyBindingJWT, algorithm: issuerKey.algorithm)
        self.keyBinding = (keyBinding.input, keyBinding.signature)
        self.disclosures = presentation.disclosures
        self.presentedWithoutKeyBinding = Data(presentation.withoutKeyBinding.utf8)
    }

    /// Does the work once; false if a signature does not verify.
    func run() throws -> Bool {
        let holderKey = try VerificationKey(jwk: holderJWK)
        for disclosure in disclosures { _ = try disclosure.digest(using: .sha256) }
        _ = try HashFunction.sha256.hash(presentedWithoutKeyBinding)
        return issuerKey.isValidSignature(issuerSigned.signature, for: issuerSigned.input)
            && holderKey.isValidSignature(keyBinding.signature, for: keyBinding.input)
    }

    /// The signing input, decoded payload and signature of a compact JWS.
    private static func signedParts(of jws: String, algorithm: SignatureAlgorithm) throws -> (input: Data, payload: Data, signature: Signature) {
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Data(base64URLEncoded: parts[1]), let signature = Data(base64URLEncoded: parts[2]) else {
            throw BenchmarkError("not a compact JWS")
        }
        return (Data("\(parts[0]).\(parts[1])".utf8), payload, try Signature(rawRepresentation: signature, algorithm: algorithm))
    }
}
