import Foundation
import IDCore

/// Issue and verify rates for a 10-claim virtual ID card presented with 4 claims disclosed,
/// beside two raw signature verifications of the same algorithm in the same run (the issuer's
/// signature and the key binding's), and beside the Python reference implementation verifying
/// the same ES256 presentation.
enum CredentialBenchmark {
    static let nonce = "benchmark-nonce"
    static let audience = "hotel-guangzhou-nansha-desk-3"
    static let issuerID = "https://id.gz.gov.cn"

    static func run(_ algorithms: [SignatureAlgorithm], seconds: Double, rounds: Int) async throws {
        print("SD-JWT VC: 10-claim virtual ID card, 4 claims disclosed, one thread, best of \(rounds) rounds of \(seconds) s\n")
        var table = ResultTable(columns: ["algorithm", "issue/s", "present/s", "verify/s", "+ typed values/s", "2 raw verifies/s",
                                          "verify cost / 2 raw", "µs beyond the signatures", "floor / 2 raw"])
        var es256Presentation: (SDJWT, SigningKey)?
        for algorithm in algorithms {
            let issuerKey = try SigningKey(generating: algorithm)
            let walletKey = try SigningKey(generating: algorithm)
            let card = try SampleCard.make()
            let issuer = CredentialIssuer(identifier: issuerID, signingKey: issuerKey)
            let holder = CredentialHolder(key: walletKey)
            let credential = try issuer.issue(card, holderKey: walletKey.publicKey, expiresAt: Date().addingTimeInterval(86400))
            let disclosed: Set<ClaimPath> = ["name", "id_number", "portrait", "validity"]
            let presentation = try holder.present(credential, disclosing: disclosed, nonce: nonce, audience: audience).serialized
            let trustList = TrustList([TrustedIssuerKey(issuer: issuerID, key: issuerKey.publicKey)])
            let request = PresentationRequest(nonce: nonce, audience: audience, requiredClaims: ["name", "id_number", "portrait"])
            var untyped = CredentialVerifier.Options()
            untyped.checksClaimValues = false
            let verifier = CredentialVerifier(trustList: trustList, acceptedTypes: [CredentialType.virtualIDCard], challenges: AcceptingChallengeStore(),
                                              options: untyped)
            let typedVerifier = CredentialVerifier(trustList: trustList, acceptedTypes: [CredentialType.virtualIDCard], challenges: AcceptingChallengeStore())
            guard await typedVerifier.verify(presentation, for: request).isAccepted else { throw BenchmarkError("the benchmark presentation does not verify") }
            let message = Data(repeating: 0x41, count: 900)
            let signature = try issuerKey.signature(for: message)
            let floor = try VerificationFloor(presentation: presentation, issuerKey: issuerKey.publicKey)
            guard try floor.run() else { throw BenchmarkError("the floor's signatures do not verify") }

            var best = (issue: 0.0, present: 0.0, verify: 0.0, typed: 0.0, raw: 0.0, floor: 0.0)
            for _ in 0..<rounds {
                best.issue = max(best.issue, try Throughput.measure(seconds: seconds) {
                    _ = try issuer.issue(card, holderKey: walletKey.publicKey, expiresAt: Date().addingTimeInterval(86400))
                })
                best.present = max(best.present, try Throughput.measure(seconds: seconds) {
                    _ = try holder.present(credential, disclosing: disclosed, nonce: nonce, audience: audience)
                })
                best.verify = max(best.verify, await Throughput.measure(seconds: seconds) {
                    _ = await verifier.verify(presentation, for: request)
                })
                best.typed = max(best.typed, await Throughput.measure(seconds: seconds) {
                    _ = await typedVerifier.verify(presentation, for: request)
                })
                best.raw = max(best.raw, Throughput.measure(seconds: seconds) {
                    _ = issuerKey.publicKey.isValidSignature(signature, for: message)
                })
                best.floor = max(best.floor, try Throughput.measure(seconds: seconds) { _ = try floor.run() })
            }
            let twoRaw = best.raw / 2
            table.add([algorithm.joseName, best.issue.formatted(decimals: 0), best.present.formatted(decimals: 0), best.verify.formatted(decimals: 0),
                       best.typed.formatted(decimals: 0), twoRaw.formatted(decimals: 0), (twoRaw / best.verify).formatted(decimals: 2),
                       (1e6 / best.verify - 1e6 / twoRaw).formatted(decimals: 0), (twoRaw / best.floor).formatted(decimals: 2)])
            if algorithm == .es256 { es256Presentation = (try SDJWT(parsing: presentation), issuerKey) }
        }
        print(table.render())
        print("""

        verify: issuer signature, disclosures (RFC 9901 checks), key binding, type, required claims, validity.
        + typed values: the same plus ClaimValuesPolicy (decoding and validating every disclosed value).
        verify cost / 2 raw = time of one verify / time of two raw verifications of the algorithm (target at most 1.20)
        µs beyond the signatures = time of one verify - time of two raw verifications
        floor / 2 raw = the OpenSSL work no verifier of this presentation can skip (both signatures over its own signing inputs,
          the holder key read from its parsed JWK, SHA-256 of each disclosure and of sd_hash) / two raw verifications:
          what is left below 1.20 is all a verifier has for parsing, the RFC 9901 checks and the policies
        """)
        if let (presentation, issuerKey) = es256Presentation {
            try await compareWithReference(presentation, issuerKey: issuerKey, seconds: seconds * Double(rounds))
        }
    }

    /// Runs Benchmarks/Scripts/sdjwt_reference_verify.py on the same ES256 presentation.
    private static func compareWithReference(_ presentation: SDJWT, issuerKey: SigningKey, seconds: Double) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidk-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let presentationFile = folder.appendingPathComponent("presentation")
        let keyFile = folder.appendingPathComponent("issuer.jwk")
        try Data(presentation.serialized.utf8).write(to: presentationFile)
        try JSONEncoder().encode(issuerKey.publicKey.jwk).write(to: keyFile)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/sdjwt_reference_verify.py")
        let python = ProcessInfo.processInfo.environment["VIRTUALIDKIT_PYTHON"] ?? "python3"
        let output = try Subprocess.run([python, script.path, presentationFile.path, keyFile.path, nonce, audience, String(seconds)])
        let fields = output.split(separator: " ")
        guard fields.first == "verifications_per_second", let pythonRate = fields.last.flatMap({ Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            print("\nPython reference (sd-jwt): \(output.trimmingCharacters(in: .whitespacesAndNewlines)) (set VIRTUALIDKIT_PYTHON to a Python with sd-jwt)")
            return
        }
        var options = CredentialVerifier.Options()
        options.checksClaimValues = false
        let verifier = CredentialVerifier(trustList: TrustList([TrustedIssuerKey(issuer: issuerID, key: issuerKey.publicKey)]),
                                          acceptedTypes: [CredentialType.virtualIDCard], challenges: AcceptingChallengeStore(), options: options)
        let request = PresentationRequest(nonce: nonce, audience: audience)
        let sdkRate = await Throughput.measure(seconds: seconds) { _ = await verifier.verify(presentation.serialized, for: request) }
        print("\nSame ES256 presentation, signature + key binding + disclosures checked by both:")
        print("  SDK \(sdkRate.formatted(decimals: 0))/s, Python reference sd-jwt \(pythonRate.formatted(decimals: 0))/s: SDK is \((sdkRate / pythonRate).formatted(decimals: 1))x faster")
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
