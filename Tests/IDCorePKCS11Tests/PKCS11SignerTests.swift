import Foundation
import IDCore
import IDCoreTesting
@testable import IDCorePKCS11
import Testing

@Suite("Keys that never leave an HSM: PKCS#11 against SoftHSM2", .enabled(if: SoftHSM.isAvailable, "SoftHSM2 is not installed (Debian softhsm2; .ci/run installs it)"))
struct PKCS11SignerTests {
    @Test("Keys generated in the token sign; the SDK and OpenSSL verify", arguments: [SignatureAlgorithm.es256, .es384, .edDSA])
    func signAndVerify(algorithm: SignatureAlgorithm) throws {
        let token = try SoftHSM.token.get()
        let signer = try token.generateSigner(algorithm, label: "sign-\(algorithm.joseName)-\(UUID().uuidString)")
        #expect(signer.algorithm == algorithm)
        let message = Data("住宿登记 hotel registration \(algorithm.joseName)".utf8)
        let signature = try signer.signature(for: message)
        #expect(signer.publicKey.isValidSignature(signature, for: message))
        #expect(!signer.publicKey.isValidSignature(signature, for: message + Data([0])))
        try expectOpenSSLVerifies(signature, of: message, with: signer.publicKey)
    }

    @Test("The private key is sensitive and not extractable: reading it is refused")
    func privateKeyNeverReadable() throws {
        let signer = try SoftHSM.token.get().generateSigner(.es256, label: "protected-\(UUID().uuidString)")
        #expect(try signer.privateKeyIsProtected)
        let error = try #require(throws: IDCoreError.self) { try signer.readPrivateValue() }
        #expect(error.reason.contains("CKR 0x11"), "\(error)")  // CKR_ATTRIBUTE_SENSITIVE
        #expect(!"\(signer)".contains("PIN") && "\(signer)".contains(signer.publicKey.thumbprint))
    }

    @Test("A key is found again by its label; unknown labels, tokens, modules and SM2 are typed errors")
    func lookupAndRefusals() throws {
        let token = try SoftHSM.token.get()
        let label = "ctid-2026-01-\(UUID().uuidString)"
        let generated = try token.generateSigner(.es256, label: label)
        #expect(try token.signer(label: label).publicKey == generated.publicKey)
        #expect(throws: IDCoreError(.invalidParameter, "")) { try token.signer(label: "no-such-key") }
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) { try token.generateSigner(.sm2, label: "sm2") }
        #expect(throws: IDCoreError(.invalidParameter, "")) { try PKCS11Token(module: token.module, label: "no-such-token", pin: SoftHSM.pin) }
        #expect(throws: IDCoreError(.invalidParameter, "")) { try PKCS11Module(path: "/nonexistent/libpkcs11.so") }
        #expect(try token.module.tokenLabels().contains(SoftHSM.tokenLabel))
    }

    @Test("An issuer and a status-list authority sign with the HSM key; the verifier accepts the credential")
    func credentialsFromTheHSM() async throws {
        let signer = try SoftHSM.token.get().generateSigner(.es256, label: "issuer-\(UUID().uuidString)")
        let issuerID = "https://id.gz.gov.cn"
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let issuer = CredentialIssuer(identifier: issuerID, signingKey: signer, clock: { now })
        let authority = try StatusListAuthority(issuer: issuerID, uri: "\(issuerID)/status/1", signingKey: signer, store: InMemoryStatusListStore(), capacity: 64, clock: { now })
        let wallet = try SigningKey(generating: .es256)
        let reference = try await authority.allocate()
        let credential = try issuer.issue(claims: .object(["given_name": .string("Na")]), type: "urn:vidk:test", holderKey: wallet.publicKey,
                                          expiresAt: now.addingTimeInterval(3600), status: reference)
        let challenges = InMemoryChallengeStore()
        try challenges.issue("n-hsm", at: now, until: now.addingTimeInterval(60))
        let verifier = CredentialVerifier(trustList: TrustList([TrustedIssuerKey(issuer: issuerID, key: signer.publicKey)]), acceptedTypes: ["urn:vidk:test"],
                                          challenges: challenges, statusLists: authority, clock: { now })
        let presentation = try CredentialHolder(key: wallet, clock: { now }).present(credential, disclosing: ["given_name"], nonce: "n-hsm", audience: "desk")
        let outcome = await verifier.verify(presentation, for: PresentationRequest(nonce: "n-hsm", audience: "desk"))
        #expect(outcome.isAccepted, "\(outcome)")
    }

    /// Verifies with the `openssl` command line, an implementation independent of the SDK's
    /// code above OpenSSL's library.
    private func expectOpenSSLVerifies(_ signature: Signature, of message: Data, with key: VerificationKey) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidk-p11-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = (key: directory.appendingPathComponent("key.pem"), message: directory.appendingPathComponent("message"),
                     signature: directory.appendingPathComponent("signature"))
        try key.pemRepresentation.write(to: files.key, atomically: true, encoding: .utf8)
        try message.write(to: files.message)
        switch key.algorithm {
        case .edDSA:
            try signature.rawRepresentation.write(to: files.signature)
            try SoftHSM.run("/usr/bin/openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", files.key.path, "-rawin", "-in", files.message.path, "-sigfile", files.signature.path])
        default:
            try signature.derRepresentation.write(to: files.signature)
            try SoftHSM.run("/usr/bin/openssl", ["dgst", key.algorithm == .es384 ? "-sha384" : "-sha256", "-verify", files.key.path, "-signature", files.signature.path, files.message.path])
        }
    }
}

extension PKCS11SignerTests {
    @Test("A wrong PIN opens no session, even while the process is logged in; a second login is refused")
    func wrongPIN() throws {
        let token = try SoftHSM.token.get()
        for pin in ["wrong-pin", SoftHSM.pin] {
            let error = try #require(throws: IDCoreError.self) { try PKCS11Token(module: token.module, label: SoftHSM.tokenLabel, pin: pin) }
            #expect(error.reason.contains("C_Login") && !error.reason.contains(pin), "\(error)")
        }
        let signer = try token.generateSigner(.edDSA, label: "after-refusals-\(UUID().uuidString)")
        #expect(signer.publicKey.isValidSignature(try signer.signature(for: Data("still works".utf8)), for: Data("still works".utf8)))
        // Before the process had logged in, the token itself refused the wrong PIN.
        #expect(SoftHSM.firstLoginWithWrongPIN?.contains("C_Login failed with CKR 0xA0") == true, "\(SoftHSM.firstLoginWithWrongPIN ?? "no error")")
    }
}
