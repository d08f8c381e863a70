import Foundation
import IDCore
import Testing

/// An mDL issued under ``IssuingAuthorityFixture``, held by a wallet key, and the verifier
/// that trusts its IACA, with the clock a month into the document's life.
struct MdocFixture {
    static let namespace = MobileDrivingLicence.namespace
    static let docType = MobileDrivingLicence.docType
    static let now = IssuingAuthorityFixture.start.addingTimeInterval(30 * 86_400)
    static let transcript: CBORValue = [.null, .null, ["OpenID4VPHandover", .bytes(Array(repeating: 7, count: 32)), .bytes(Array(repeating: 9, count: 32))]]
    static let wanted: Set<String> = ["family_name", "given_name", "age_over_18", "portrait"]

    let authority: IssuingAuthorityFixture
    let walletKey: SigningKey
    let issued: IssuerSigned

    init(authority: IssuingAuthorityFixture? = nil, signed: Date = IssuingAuthorityFixture.start.addingTimeInterval(86_400), validFrom: Date? = nil,
         validUntil: Date = IssuingAuthorityFixture.start.addingTimeInterval(200 * 86_400), status: StatusListReference? = nil) throws {
        let authority = try authority ?? IssuingAuthorityFixture()
        self.authority = authority
        walletKey = try SigningKey(generating: .es256)
        let issuer = try MdocIssuer(signer: authority.signerKey, certificateChain: [authority.documentSigner])
        issued = try issuer.issue(docType: Self.docType, nameSpaces: [(Self.namespace, [
            ("family_name", "Zhang"), ("given_name", "Min"), ("birth_date", MdocDate.fullDate(try CalendarDate(year: 1990, month: 5, day: 17))),
            ("issuing_country", "UT"), ("document_number", "UT-0042-1337"), ("portrait", .bytes(Array(repeating: 0xFF, count: 64))),
            ("driving_privileges", [.map(["vehicle_category_code": "B"])]), ("age_over_18", true),
        ])], deviceKey: walletKey.publicKey, validity: MobileSecurityObject.ValidityInfo(signed: signed, validFrom: validFrom ?? signed, validUntil: validUntil), status: status)
    }

    func response(disclosing: Set<String> = wanted, transcript: CBORValue = transcript, deviceSigner: SigningKey? = nil) throws -> DeviceResponse {
        DeviceResponse(documents: [try MdocHolder.present(issued, docType: Self.docType, disclosing: [Self.namespace: disclosing],
                                                          sessionTranscript: transcript, deviceSigner: deviceSigner ?? walletKey)])
    }

    func verifier(at time: Date = now, accepting: Set<String> = [docType], anchors: [X509Certificate]? = nil,
                  statusLists: MdocVerifier.StatusLists? = nil) throws -> MdocVerifier {
        MdocVerifier(trust: try IACATrust(anchors: anchors ?? [authority.iaca]), acceptedDocTypes: accepting, statusLists: statusLists, clock: { time })
    }

    static func request(_ elements: Set<String> = wanted) -> MdocRequest {
        MdocRequest(docType: docType, requiredElements: [namespace: elements], sessionTranscript: transcript)
    }
}

@Suite("mdoc (ISO/IEC 18013-5): issue, present selectively, verify, and every tampering refused with its reason")
struct MdocPresentationTests {
    @Test("A presented mDL verifies through every check and shows exactly the disclosed elements; the response round-trips")
    func accepted() async throws {
        let fixture = try MdocFixture()
        let response = try fixture.response()
        let encoded = response.encoded()
        #expect(try DeviceResponse(encoded: encoded) == response)
        let outcome = try await fixture.verifier().verify(encoded, for: MdocFixture.request())
        #expect(outcome.isAccepted, "\(outcome)")
        #expect(outcome.checks.map(\.name) == [MdocVerifier.structureCheck, "issuer-certificate", "issuer-signature", "credential-type",
                                               "validity-period", "value-digests", "required-claims", "device-authentication", "credential-status"])
        let document = try #require(outcome.document)
        #expect(Set(document.elements[MdocFixture.namespace]?.keys.map { $0 } ?? []) == MdocFixture.wanted)
        #expect(document.element("family_name", in: MdocFixture.namespace) == "Zhang")
        #expect(document.element("age_over_18", in: MdocFixture.namespace) == true)
        #expect(document.element("birth_date", in: MdocFixture.namespace) == nil)
        #expect(document.documentSigner.iaca == fixture.authority.iaca)
        // Issuance salted every element with 16 random bytes and gave distinct digest IDs.
        let items = fixture.issued.nameSpaces[0].items
        #expect(items.allSatisfy { $0.random.count == 16 } && Set(items.map(\.digestID)).count == items.count && Set(items.map(\.random)).count == items.count)
    }

    @Test("The device's authentication: another session, another key, a forged signature, an element asked for but withheld")
    func deviceAndRequest() async throws {
        let fixture = try MdocFixture()
        let verifier = try fixture.verifier()
        #expect(Self.failed(await verifier.verify(try fixture.response(transcript: [.null, .null, "other"]).encoded(), for: MdocFixture.request()))
                == ["device-authentication": .deviceAuthenticationInvalid])
        #expect(Self.failed(await verifier.verify(try fixture.response(deviceSigner: SigningKey(generating: .es256)).encoded(), for: MdocFixture.request()))
                == ["device-authentication": .deviceAuthenticationInvalid])
        let withheld = await verifier.verify(try fixture.response(disclosing: ["family_name"]).encoded(), for: MdocFixture.request())
        #expect(Self.failed(withheld) == ["required-claims": .requiredClaimsMissing])
        #expect(withheld.result(of: "device-authentication") == .notChecked(reason: "an earlier check failed"))
        let response = try fixture.response()
        var bytes = response.encoded()
        let signature = try #require(Self.deviceSignature(in: response))
        let at = try #require(Self.range(of: signature, in: bytes))
        bytes[at.lowerBound + 3] ^= 0x01
        #expect(Self.failed(await verifier.verify(bytes, for: MdocFixture.request())) == ["device-authentication": .deviceAuthenticationInvalid])
    }

    @Test("A device MAC to the reader's ephemeral key verifies with that key only, and never without one")
    func deviceMAC() async throws {
        let fixture = try MdocFixture()
        let reader = try SigningKey(generating: .es256)
        let document = try MdocHolder.present(fixture.issued, docType: MdocFixture.docType, disclosing: [MdocFixture.namespace: MdocFixture.wanted],
                                              sessionTranscript: MdocFixture.transcript, deviceKey: fixture.walletKey, readerKey: reader.publicKey)
        let response = DeviceResponse(documents: [document]).encoded()
        let request = { (key: SigningKey?) in
            MdocRequest(docType: MdocFixture.docType, requiredElements: [MdocFixture.namespace: MdocFixture.wanted], sessionTranscript: MdocFixture.transcript, readerKey: key)
        }
        let verifier = try fixture.verifier()
        #expect(await verifier.verify(response, for: request(reader)).isAccepted)
        #expect(Self.failed(await verifier.verify(response, for: request(nil))) == ["device-authentication": .deviceAuthenticationInvalid])
        #expect(Self.failed(await verifier.verify(response, for: request(try SigningKey(generating: .es256)))) == ["device-authentication": .deviceAuthenticationInvalid])
        let otherSession = MdocRequest(docType: MdocFixture.docType, requiredElements: [:], sessionTranscript: [.null, .null, "other"], readerKey: reader)
        #expect(Self.failed(await verifier.verify(response, for: otherSession)) == ["device-authentication": .deviceAuthenticationInvalid])
    }

    @Test("Every single-byte change anywhere in a signed or MAC'd response is refused, and none crashes")
    func everyByte() async throws {
        let fixture = try MdocFixture()
        let reader = try SigningKey(generating: .es256)
        let signed = try fixture.response().encoded()
        let maced = DeviceResponse(documents: [try MdocHolder.present(fixture.issued, docType: MdocFixture.docType, disclosing: [MdocFixture.namespace: MdocFixture.wanted],
                                                                      sessionTranscript: MdocFixture.transcript, deviceKey: fixture.walletKey, readerKey: reader.publicKey)]).encoded()
        let verifier = try fixture.verifier()
        let request = MdocRequest(docType: MdocFixture.docType, requiredElements: [MdocFixture.namespace: MdocFixture.wanted],
                                  sessionTranscript: MdocFixture.transcript, readerKey: reader)
        let random = SeededRandom(seed: 20)
        for original in [signed, maced] {
            #expect(await verifier.verify(original, for: request).isAccepted)
            for index in original.indices {
                var changed = original
                changed[index] ^= max(1, try random.bytes(count: 1)[0])
                #expect(await !verifier.verify(changed, for: request).isAccepted, "byte \(index) of \(original.count)")
            }
        }
    }

    @Test("A cached document signer validation is reused only while it would pass again")
    func certificateCache() async throws {
        let fixture = try MdocFixture()
        let response = try fixture.response().encoded()
        let clock = TestClock(MdocFixture.now)
        let verifier = MdocVerifier(trust: try IACATrust(anchors: [fixture.authority.iaca]), acceptedDocTypes: [MdocFixture.docType], clock: clock.closure)
        #expect(await verifier.verify(response, for: MdocFixture.request()).isAccepted)
        #expect(await verifier.verify(response, for: MdocFixture.request()).isAccepted)
        // Past the document signer's validity the cached validation no longer holds.
        clock.advance(fixture.authority.documentSigner.notAfter.timeIntervalSince(MdocFixture.now) + 1)
        #expect(Self.failed(await verifier.verify(response, for: MdocFixture.request()))["issuer-certificate"] == .certificateNotValidAtTime)
    }

    @Test("Tampered elements: a changed value, a moved digest ID, a repeated item, an element the issuer never signed")
    func tamperedElements() async throws {
        let fixture = try MdocFixture()
        let verifier = try fixture.verifier()
        let document = try #require(try fixture.response().documents.first)
        let items = document.issuerSigned.nameSpaces[0].items
        let first = items[0]
        let changes: [(String, [IssuerSignedItem])] = [
            ("value", [IssuerSignedItem(digestID: first.digestID, random: first.random, elementIdentifier: first.elementIdentifier, elementValue: "Li")] + items.dropFirst()),
            ("digest ID", [IssuerSignedItem(digestID: items[1].digestID, random: first.random, elementIdentifier: first.elementIdentifier, elementValue: first.elementValue)]),
            ("salt", [IssuerSignedItem(digestID: first.digestID, random: Array(repeating: 0, count: 16), elementIdentifier: first.elementIdentifier, elementValue: first.elementValue)]),
            ("unsigned element", [IssuerSignedItem(digestID: 999, random: first.random, elementIdentifier: "nationality", elementValue: "UT")]),
        ]
        for (name, changed) in changes {
            let outcome = await verifier.verify(Self.replacing(items: changed, in: document).encoded(), for: MdocFixture.request([]))
            #expect(Self.failed(outcome) == ["value-digests": .valueDigestMismatch], "\(name): \(outcome)")
        }
        let repeated = await verifier.verify(Self.replacing(items: [first, first], in: document).encoded(), for: MdocFixture.request([]))
        #expect(Self.failed(repeated) == ["value-digests": .malformedPresentation])
    }

    @Test("The issuer's side: an untrusted IACA, a signer outside the profile, a forged MSO, another document type, and the MSO's dates")
    func issuerSide() async throws {
        let fixture = try MdocFixture()
        let response = try fixture.response().encoded()
        let stranger = try IssuingAuthorityFixture()
        let untrusted = try await fixture.verifier(anchors: [stranger.iaca]).verify(response, for: MdocFixture.request())
        #expect(Self.failed(untrusted) == ["issuer-certificate": .certificateNotTrusted])
        #expect(untrusted.checks.dropFirst(2).allSatisfy { if case .notChecked = $0.result { true } else { false } })

        var forged = response
        let payload = try #require(fixture.issued.issuerAuth.payload)
        let at = try #require(Self.range(of: payload, in: forged))
        forged[at.lowerBound + payload.count / 2] ^= 0x01
        let forgedOutcome = try await fixture.verifier().verify(forged, for: MdocFixture.request())
        #expect(Self.failed(forgedOutcome) == ["issuer-signature": .issuerSignatureInvalid])
        #expect(forgedOutcome.checks.dropFirst(3).allSatisfy { if case .notChecked = $0.result { true } else { false } })

        #expect(Self.failed(try await fixture.verifier(accepting: ["eu.europa.ec.eudi.pid.1"]).verify(response, for: MdocFixture.request()))
                == ["credential-type": .credentialTypeNotAccepted])
        let later = IssuingAuthorityFixture.start.addingTimeInterval(250 * 86_400)
        #expect(Self.failed(try await fixture.verifier(at: later).verify(response, for: MdocFixture.request())) == ["validity-period": .expired])
        let early = try MdocFixture(authority: fixture.authority, validFrom: IssuingAuthorityFixture.start.addingTimeInterval(40 * 86_400))
        #expect(Self.failed(try await early.verifier().verify(try early.response().encoded(), for: MdocFixture.request())) == ["validity-period": .notYetValid])
        let beforeCertificate = try MdocFixture(authority: fixture.authority, signed: IssuingAuthorityFixture.start.addingTimeInterval(-86_400))
        #expect(Self.failed(try await beforeCertificate.verifier().verify(try beforeCertificate.response().encoded(), for: MdocFixture.request()))
                == ["validity-period": .signedOutsideCertificateValidity])

        let odd = try fixture.authority.signer(extensions: [.authorityKeyIdentifier(try #require(fixture.authority.iaca.subjectKeyIdentifier)), .keyUsage(.digitalSignature)])
        let oddIssuer = try MdocIssuer(signer: fixture.authority.signerKey, certificateChain: [odd])
        let oddIssued = try oddIssuer.issue(docType: MdocFixture.docType, nameSpaces: [(MdocFixture.namespace, [("family_name", "Zhang")])],
                                           deviceKey: fixture.walletKey.publicKey, validity: .init(signed: MdocFixture.now, validFrom: MdocFixture.now, validUntil: MdocFixture.now + 86_400))
        let oddResponse = DeviceResponse(documents: [try MdocHolder.present(oddIssued, docType: MdocFixture.docType, disclosing: [MdocFixture.namespace: ["family_name"]],
                                                                            sessionTranscript: MdocFixture.transcript, deviceSigner: fixture.walletKey)])
        #expect(Self.failed(try await fixture.verifier().verify(oddResponse.encoded(), for: MdocFixture.request(["family_name"])))
                == ["issuer-certificate": .certificateProfileViolation])
    }

    @Test("Unreadable responses: not CBOR, nested past the limit, a failed status, no document of the type, a document error")
    func structure() async throws {
        let fixture = try MdocFixture()
        let verifier = try fixture.verifier()
        let deep = Array(repeating: UInt8(0x81), count: 10_000) + [0x00]
        let huge: [UInt8] = [0x5B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let notADocument: CBORValue = .map(["version": "1.0", "status": 0, "documents": [1]])
        for bytes in [[0xFF], deep, huge, CBOREncoder.encode(notADocument)] {
            #expect(Self.failed(await verifier.verify(bytes, for: MdocFixture.request())) == [MdocVerifier.structureCheck: .malformedPresentation])
        }
        let failed = DeviceResponse(documents: [], status: 10)
        #expect(Self.failed(await verifier.verify(failed.encoded(), for: MdocFixture.request())) == [MdocVerifier.structureCheck: .malformedPresentation])
        let none = DeviceResponse(documents: [], documentErrors: [MdocFixture.docType: 0])
        #expect(Self.failed(await verifier.verify(none.encoded(), for: MdocFixture.request())) == [MdocVerifier.structureCheck: .documentNotReturned])
        let asked = try MdocHolder.present(fixture.issued, docType: MdocFixture.docType, disclosing: [MdocFixture.namespace: ["family_name", "nationality"]],
                                           sessionTranscript: MdocFixture.transcript, deviceSigner: fixture.walletKey)
        #expect(asked.errors == [MdocFixture.namespace: ["nationality": MdocHolder.dataNotReturned]])
        // Dates no tdate can write are refused on issuance, and checking at a time OpenSSL cannot
        // take refuses the chain; neither traps.
        let issuer = try MdocIssuer(signer: fixture.authority.signerKey, certificateChain: [fixture.authority.documentSigner])
        for date in [Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: .infinity), Date(timeIntervalSince1970: 1e15)] {
            #expect(throws: IDCoreError(.invalidParameter, "")) {
                try issuer.issue(docType: MdocFixture.docType, nameSpaces: [(MdocFixture.namespace, [("family_name", "Zhang")])],
                                 deviceKey: fixture.walletKey.publicKey, validity: .init(signed: MdocFixture.now, validFrom: MdocFixture.now, validUntil: date))
            }
            #expect(MdocDate.date(MdocDate.tdate(date)) != nil)
        }
        #expect(throws: IACATrust.Failure.self) { try IACATrust(anchors: [fixture.authority.iaca]).validate(chain: [fixture.authority.documentSigner], at: Date(timeIntervalSince1970: .infinity)).get() }
        let verified = try await fixture.verifier().verify(DeviceResponse(documents: [asked]).encoded(), for: MdocFixture.request(["family_name"]))
        #expect(verified.document?.elementErrors == [MdocFixture.namespace: ["nationality": 0]])
    }

    /// The failed checks by name, with their codes.
    static func failed(_ outcome: MdocVerificationOutcome) -> [String: VerificationFailure.Code] {
        Dictionary(uniqueKeysWithValues: outcome.checks.compactMap { check in
            if case .failed(let failure) = check.result { return (check.name, failure.code) }
            return nil
        })
    }

    static func replacing(items: [IssuerSignedItem], in document: DeviceResponse.Document) -> DeviceResponse {
        let issued = IssuerSigned(nameSpaces: [(MdocFixture.namespace, items)], issuerAuth: document.issuerSigned.issuerAuth)
        return DeviceResponse(documents: [DeviceResponse.Document(docType: document.docType, issuerSigned: issued, deviceSigned: document.deviceSigned)])
    }

    static func deviceSignature(in response: DeviceResponse) -> [UInt8]? {
        if case .signature(let signature) = response.documents.first?.deviceSigned.authentication { return signature.signature }
        return nil
    }

    static func range(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }.map { $0..<($0 + needle.count) }
    }
}
