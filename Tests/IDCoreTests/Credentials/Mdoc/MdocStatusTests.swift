import Foundation
import IDCore
import IDCoreTesting
import Testing

@Suite("mdoc revocation through the IETF Token Status List the MSO references")
struct MdocStatusTests {
    static let issuer = "https://mdl.example.ut"

    /// A status list authority, an mDL issued with an entry in its list, and the status trust.
    struct Setup {
        let authority: StatusListAuthority
        let reference: StatusListReference
        let fixture: MdocFixture
        let trustList: TrustList

        init() async throws {
            let key = try SigningKey(generating: .es256)
            authority = try StatusListAuthority(issuer: MdocStatusTests.issuer, uri: "\(MdocStatusTests.issuer)/status/1", signingKey: key,
                                                store: InMemoryStatusListStore(), capacity: 1024, clock: { MdocFixture.now })
            reference = try await authority.allocate()
            fixture = try MdocFixture(status: reference)
            trustList = TrustList([TrustedIssuerKey(issuer: MdocStatusTests.issuer, key: key.publicKey)])
        }

        func statusLists(trusting trust: TrustList? = nil) -> MdocVerifier.StatusLists {
            MdocVerifier.StatusLists(resolver: StatusListResolver(source: authority, clock: { MdocFixture.now }), trustList: trust ?? trustList)
        }
    }

    @Test("The MSO carries the reference; a valid entry passes, a revoked or suspended one refuses the document")
    func revocation() async throws {
        let setup = try await Setup()
        #expect(try setup.fixture.issued.unverifiedMobileSecurityObject().statusListReference == setup.reference)
        let response = try setup.fixture.response().encoded()
        let valid = try await setup.fixture.verifier(statusLists: setup.statusLists()).verify(response, for: MdocFixture.request())
        #expect(valid.isAccepted && valid.result(of: "credential-status") == .passed, "\(valid)")

        try await setup.authority.setStatus(.suspended, for: setup.reference)
        let suspended = try await setup.fixture.verifier(statusLists: setup.statusLists()).verify(response, for: MdocFixture.request())
        #expect(MdocPresentationTests.failed(suspended) == ["credential-status": .suspended])
        try await setup.authority.setStatus(.revoked, for: setup.reference)
        let revoked = try await setup.fixture.verifier(statusLists: setup.statusLists()).verify(response, for: MdocFixture.request())
        #expect(MdocPresentationTests.failed(revoked) == ["credential-status": .revoked])
    }

    @Test("Fail closed: no status source, a location the trust list does not allow, a list signed by an untrusted key, a forged document")
    func failClosed() async throws {
        let setup = try await Setup()
        let response = try setup.fixture.response().encoded()
        let noSource = try await setup.fixture.verifier().verify(response, for: MdocFixture.request())
        #expect(MdocPresentationTests.failed(noSource) == ["credential-status": .statusUnknown])

        let elsewhere = TrustList([TrustedIssuerKey(issuer: "https://other.example", key: try SigningKey(generating: .es256).publicKey)])
        let notAllowed = try await setup.fixture.verifier(statusLists: setup.statusLists(trusting: elsewhere)).verify(response, for: MdocFixture.request())
        #expect(MdocPresentationTests.failed(notAllowed) == ["credential-status": .statusLocationNotAllowed])

        let wrongKey = TrustList([TrustedIssuerKey(issuer: MdocStatusTests.issuer, key: try SigningKey(generating: .es256).publicKey)])
        let untrusted = try await setup.fixture.verifier(statusLists: setup.statusLists(trusting: wrongKey)).verify(response, for: MdocFixture.request())
        #expect(MdocPresentationTests.failed(untrusted) == ["credential-status": .statusUnknown])

        var forged = response
        forged[forged.count - 10] ^= 0x01
        let forgedOutcome = try await setup.fixture.verifier(statusLists: setup.statusLists()).verify(forged, for: MdocFixture.request())
        #expect(forgedOutcome.result(of: "credential-status") == .notChecked(reason: "an earlier check failed"))
    }

    @Test("A status member that is not a status list reference is refused with its reason")
    func malformed() async throws {
        let fixture = try MdocFixture()
        let signed = try fixture.issued.unverifiedMobileSecurityObject()
        let odd = MobileSecurityObject(digestAlgorithm: signed.digestAlgorithm, valueDigests: signed.valueDigests, deviceKey: signed.deviceKey,
                                       docType: signed.docType, validityInfo: signed.validityInfo, status: .map(["status_list": .map(["idx": -1, "uri": 7])]))
        #expect(odd.statusListReference == nil)
        let issuerAuth = try COSESign1.sign(CBOREncoder.encode(.embedded(odd.cborValue)),
                                            unprotected: [IssuerSigned.x5chainLabel: .bytes(Array(fixture.authority.documentSigner.derRepresentation))],
                                            signer: fixture.authority.signerKey)
        let reissued = IssuerSigned(nameSpaces: fixture.issued.nameSpaces, issuerAuth: issuerAuth)
        let document = try MdocHolder.present(reissued, docType: MdocFixture.docType, disclosing: [MdocFixture.namespace: MdocFixture.wanted],
                                              sessionTranscript: MdocFixture.transcript, deviceSigner: fixture.walletKey)
        let outcome = try await fixture.verifier().verify(DeviceResponse(documents: [document]).encoded(), for: MdocFixture.request())
        #expect(MdocPresentationTests.failed(outcome) == ["credential-status": .statusMalformed])
    }
}
