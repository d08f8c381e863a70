import ExampleSupport
import Foundation
import IDCore
import IDCoreTesting

/// The CredentialTool commands: each reads files, does one SD-JWT VC step with IDCore and writes
/// or prints the result, so that other implementations can be checked against the SDK by hand
/// and by the interop scripts.
enum Commands {
    static let usage = """
    CredentialTool: SD-JWT VC credentials with VirtualIDKit's IDCore.

      CredentialTool issue --issuer-key key.pem --iss URL --holder-key pub.pem --claims claims.json
                           [--vct TYPE] [--disclosable all|none|name,address.city,...] [--valid-seconds N] --out credential
      CredentialTool present --holder-key key.pem --credential credential --disclose name,id_number
                             --nonce N --aud AUDIENCE --out presentation
      CredentialTool verify --issuer-pub pub.pem --iss URL --presentation presentation
                            --nonce N --aud AUDIENCE --vct TYPE [--require name,id_number]

    verify stands for a verifier that issued the nonce N: it prints the outcome (every check)
    and the disclosed claims as JSON, and exits 0 when the presentation is accepted and 1 when
    it is rejected.
    """

    static func issue(_ arguments: Arguments) throws {
        let key = try SigningKey(pemRepresentation: String(decoding: read(arguments.required("issuer-key")), as: UTF8.self))
        let holder = try VerificationKey(pemRepresentation: String(decoding: read(arguments.required("holder-key")), as: UTF8.self))
        let claims = try JSONValue(parsing: read(arguments.required("claims")))
        let layout: DisclosureLayout = switch arguments.optional("disclosable") ?? "all" {
        case "all": .everyClaim
        case "none": .nothing
        case let list: DisclosureLayout(paths: Set(paths(list)))
        }
        let issuer = CredentialIssuer(identifier: try arguments.required("iss"), signingKey: key)
        let lifetime = TimeInterval(arguments.optional("valid-seconds") ?? "") ?? 86400
        let credential = try issuer.issue(claims: claims, type: arguments.optional("vct") ?? CredentialType.virtualIDCard, holderKey: holder,
                                          expiresAt: Date().addingTimeInterval(lifetime), layout: layout)
        try write(credential.serialized, to: arguments.required("out"))
        print("Issued \(credential)")
    }

    static func present(_ arguments: Arguments) throws {
        let key = try SigningKey(pemRepresentation: String(decoding: read(arguments.required("holder-key")), as: UTF8.self))
        let credential = try SDJWT(parsing: String(decoding: read(arguments.required("credential")), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        let presentation = try CredentialHolder(key: key).present(
            credential, disclosing: Set(paths(arguments.required("disclose"))), nonce: arguments.required("nonce"), audience: arguments.required("aud"))
        try write(presentation.serialized, to: arguments.required("out"))
        print("Presented \(presentation)")
    }

    /// Returns whether the presentation was accepted.
    static func verify(_ arguments: Arguments) async throws -> Bool {
        let issuerKey = try VerificationKey(pemRepresentation: String(decoding: read(arguments.required("issuer-pub")), as: UTF8.self))
        let trustList = TrustList([TrustedIssuerKey(issuer: try arguments.required("iss"), key: issuerKey)])
        let nonce = try arguments.required("nonce")
        // The verifier this command stands for issued the nonce it is given.
        let challenges = InMemoryChallengeStore()
        try challenges.issue(nonce, at: Date(), until: Date().addingTimeInterval(600))
        let verifier = CredentialVerifier(trustList: trustList, acceptedTypes: [try arguments.required("vct")], challenges: challenges)
        let request = PresentationRequest(nonce: nonce, audience: try arguments.required("aud"), requiredClaims: arguments.optional("require").map(paths) ?? [])
        let presentation = String(decoding: try read(arguments.required("presentation")), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let outcome = await verifier.verify(presentation, for: request)
        var report: JSONObject = [
            "accepted": .bool(outcome.isAccepted),
            "checks": .object(JSONObject(keepingLast: outcome.checks.map { (key: $0.name, value: JSONValue.string($0.result.description)) })),
        ]
        if let claims = outcome.claims { report["claims"] = .object(claims.all) }
        print(JSONValue.object(report))
        return outcome.isAccepted
    }

    private static func paths(_ list: String) -> [ClaimPath] {
        list.split(separator: ",").map { ClaimPath(stringLiteral: String($0)) }
    }

    private static func read(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    private static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
