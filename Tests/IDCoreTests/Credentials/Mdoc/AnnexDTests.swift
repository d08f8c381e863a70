import Foundation
import IDCore
import Testing

@Suite("ISO/IEC 18013-5 Annex D: the published examples decode, verify and re-encode byte for byte")
struct AnnexDTests {
    static let response = AnnexD.bytes(AnnexD.deviceResponse)

    /// SessionTranscript, from SessionTranscriptBytes.
    static func transcript() throws -> CBORValue {
        let tagged = try CBORDecoder().decode(AnnexD.bytes(AnnexD.sessionTranscriptBytes))
        return try CBORDecoder().decode(try #require(tagged.embeddedBytes))
    }

    @Test("The device response (D.4.1.2) re-encodes byte for byte; its elements are the annex's")
    func deviceResponse() throws {
        let decoded = try DeviceResponse(encoded: Self.response)
        #expect(decoded.encoded() == Self.response)
        let document = try #require(decoded.documents.first)
        #expect(document.docType == MobileDrivingLicence.docType && decoded.status == 0)
        let items = try #require(document.issuerSigned.nameSpaces.first { $0.namespace == MobileDrivingLicence.namespace }?.items)
        #expect(items.map(\.elementIdentifier) == ["family_name", "issue_date", "expiry_date", "document_number", "portrait", "driving_privileges"])
        #expect(items[0].elementValue == "Doe" && items[3].elementValue == "123456789")
        #expect(MdocDate.calendarDate(items[1].elementValue) == (try CalendarDate(year: 2019, month: 10, day: 20)))
    }

    @Test("The issuer side: the document signer certificate, the issuer's signature, every digest, the MSO's device key and validity")
    func issuerSide() throws {
        let document = try #require(try DeviceResponse(encoded: Self.response).documents.first)
        let chain = try document.issuerSigned.certificateChain()
        let signer = try X509Certificate(derRepresentation: AnnexD.bytes(AnnexD.documentSignerCertificate))
        #expect(chain == [signer])
        #expect(signer.subject.commonName == "utopia ds" && signer.subject.country == "US" && signer.issuer.commonName == "utopia iaca")
        #expect(signer.keyUsage == .digitalSignature && signer.extendedKeyUsage == [MdocCertificateProfile.documentSignerPurpose])
        #expect(signer.basicConstraints == nil && signer.notAfter.timeIntervalSince(signer.notBefore) == 365 * 86_400)

        let key = try #require(signer.publicKey)
        #expect(try document.issuerSigned.issuerAuth.isValidSignature(by: key))
        let mso = try document.issuerSigned.unverifiedMobileSecurityObject()
        #expect(mso.docType == MobileDrivingLicence.docType && mso.digestAlgorithm == .sha256)
        #expect(mso.validityInfo.signed == Date(timeIntervalSince1970: 1_601_559_002))  // 2020-10-01T13:30:02Z
        #expect(mso.validityInfo.validUntil == Date(timeIntervalSince1970: 1_633_095_002))
        #expect(mso.deviceKey.publicKey?.rawRepresentation == Data([0x04] + AnnexD.bytes(AnnexD.staticDeviceKeyX) + AnnexD.bytes(AnnexD.staticDeviceKeyY)))
        #expect(mso.valueDigests.keys.sorted() == ["org.iso.18013.5.1", "org.iso.18013.5.1.US"])
        for space in document.issuerSigned.nameSpaces {
            for item in space.items {
                #expect(mso.valueDigests[space.namespace]?[item.digestID] == Array(try mso.digestAlgorithm.hash(item.taggedBytes)), "\(item.elementIdentifier)")
            }
        }
    }

    @Test("The device MAC verifies with EReaderKey over the session transcript (D.5.1), and not over another")
    func deviceMAC() throws {
        let document = try #require(try DeviceResponse(encoded: Self.response).documents.first)
        guard case .mac(let mac) = document.deviceSigned.authentication else { Issue.record("Annex D authenticates by MAC"); return }
        let transcript = try Self.transcript()
        #expect(CBOREncoder.encode(.embedded(transcript, mapOrder: .asGiven)) == AnnexD.bytes(AnnexD.sessionTranscriptBytes))
        let reader = try SigningKey(rawRepresentation: AnnexD.bytes(AnnexD.ephemeralReaderKeyD), algorithm: .es256)
        #expect(reader.publicKey.rawRepresentation == Data([0x04] + AnnexD.bytes(AnnexD.ephemeralReaderKeyX) + AnnexD.bytes(AnnexD.ephemeralReaderKeyY)))
        let deviceKey = try #require(try document.issuerSigned.unverifiedMobileSecurityObject().deviceKey.publicKey)
        let key = try DeviceSigned.macKey(agreeing: reader, with: deviceKey, sessionTranscript: transcript)
        let authenticated = DeviceSigned.authenticationBytes(sessionTranscript: transcript, docType: document.docType, nameSpacesBytes: document.deviceSigned.nameSpacesBytes)
        #expect(try mac.isValid(key: key, detachedPayload: authenticated))
        let other = DeviceSigned.authenticationBytes(sessionTranscript: [.null, .null, "other"], docType: document.docType, nameSpacesBytes: document.deviceSigned.nameSpacesBytes)
        #expect(try !mac.isValid(key: key, detachedPayload: other))
        #expect(try !mac.isValid(key: DeviceSigned.macKey(agreeing: SigningKey(generating: .es256), with: deviceKey, sessionTranscript: transcript), detachedPayload: authenticated))
    }

    @Test("The device engagement (D.3.1) and the transcript carry the annex's ephemeral keys; both re-encode byte for byte")
    func engagementAndTranscript() throws {
        let engagement = AnnexD.bytes(AnnexD.deviceEngagement)
        let decoded = try CBORDecoder().decode(engagement)
        #expect(CBOREncoder.encode(decoded, mapOrder: .asGiven) == engagement)
        let security = try #require(decoded.mapValue?[1]?.arrayValue)
        let deviceKey = try COSEKey(CBORDecoder().decode(try #require(security.last?.embeddedBytes)))
        #expect(deviceKey.publicKey?.rawRepresentation == Data([0x04] + AnnexD.bytes(AnnexD.ephemeralDeviceKeyX) + AnnexD.bytes(AnnexD.ephemeralDeviceKeyY)))

        // The transcript's engagement is the annex's NFC one: the same EDeviceKey, no BLE options.
        let transcript = try #require(try Self.transcript().arrayValue)
        let transcriptEngagement = try CBORDecoder().decode(try #require(transcript.first?.embeddedBytes))
        let transcriptDeviceKey = try COSEKey(CBORDecoder().decode(try #require(transcriptEngagement.mapValue?[1]?.arrayValue?.last?.embeddedBytes)))
        #expect(transcript.count == 3 && transcriptDeviceKey == deviceKey)
        let readerKey = try COSEKey(CBORDecoder().decode(try #require(transcript[1].embeddedBytes)))
        #expect(readerKey.publicKey?.rawRepresentation == Data([0x04] + AnnexD.bytes(AnnexD.ephemeralReaderKeyX) + AnnexD.bytes(AnnexD.ephemeralReaderKeyY)))
    }

    @Test("The device request (D.4.1.1) re-encodes byte for byte, and its reader authentication verifies over ReaderAuthentication")
    func deviceRequest() throws {
        let request = AnnexD.bytes(AnnexD.deviceRequest)
        let decoded = try CBORDecoder().decode(request)
        #expect(CBOREncoder.encode(decoded, mapOrder: .asGiven) == request)
        let docRequest = try #require(decoded.mapValue?["docRequests"]?.arrayValue?.first?.mapValue)
        let itemsRequest = try #require(docRequest["itemsRequest"])
        let items = try CBORDecoder().decode(try #require(itemsRequest.embeddedBytes))
        #expect(items.mapValue?["docType"] == .text(MobileDrivingLicence.docType))
        let readerAuth = try COSESign1(try #require(docRequest["readerAuth"]))
        let certificate = try X509Certificate(derRepresentation: AnnexD.bytes(AnnexD.readerCertificate))
        #expect(certificate.subject.commonName == "reader" && certificate.extendedKeyUsage == ["1.0.18013.5.1.6"])
        let authentication: CBORValue = .array(["ReaderAuthentication", try Self.transcript(), itemsRequest])
        let signed = CBOREncoder.encode(.embedded(authentication, mapOrder: .asGiven))
        #expect(try readerAuth.isValidSignature(by: try #require(certificate.publicKey), detachedPayload: signed))
    }
}
