import Foundation
import IDCore
import Testing

@Suite("X.509 certificates the SDK issues read back through OpenSSL as they were written")
struct X509CertificateTests {
    static func issued(_ extensions: [X509Extension], name: X509Name = X509Name(commonName: "Test", country: "UT")) throws -> X509Certificate {
        let key = try SigningKey(generating: .es256)
        return try X509Certificate.issue(subject: name, subjectKey: key.publicKey, issuedBy: nil, signer: key, notBefore: Date(timeIntervalSince1970: 1_700_000_000),
                                         notAfter: Date(timeIntervalSince1970: 2_600_000_000), extensions: extensions)
    }

    @Test("Every key usage bit and combination, and object identifiers with large and multi-byte arcs, round-trip")
    func encodings() throws {
        let bits: [X509KeyUsage] = [.digitalSignature, .nonRepudiation, .keyEncipherment, .dataEncipherment, .keyAgreement,
                                    .keyCertSign, .cRLSign, .encipherOnly, .decipherOnly]
        for usage in bits + [[.digitalSignature, .decipherOnly], [.keyCertSign, .cRLSign]] {
            #expect(try Self.issued([.keyUsage(usage)]).keyUsage == usage)
        }
        let purposes = ["1.0.18013.5.1.2", "2.999.3", "1.2.840.113549.1.1.11", "2.5.29.37.0", "1.3.6.1.4.1.311.21.8.4294967295"]
        #expect(try Self.issued([.extendedKeyUsage(purposes)]).extendedKeyUsage == purposes)
    }

    @Test("Names keep their order and UTF-8; times after 2049 are GeneralizedTime; the serial number is positive and 20 bytes")
    func namesAndTimes() throws {
        let name = X509Name(commonName: "北京市公安局 IACA", country: "CN", stateOrProvince: "北京", organization: "公安部")
        let certificate = try Self.issued([], name: name)
        #expect(certificate.subject == name && certificate.subject.description == "C=CN, ST=北京, O=公安部, CN=北京市公安局 IACA")
        #expect(certificate.notAfter == Date(timeIntervalSince1970: 2_600_000_000))  // 2052
        #expect(certificate.serialNumber.count == 20 && certificate.serialNumber[0] & 0x80 == 0)
        #expect(certificate.isSelfIssued && certificate.isValid(at: Date(timeIntervalSince1970: 1_800_000_000)))
    }

    @Test("Issuing refuses a signer without the issuer's key, a reversed period and a repeated extension")
    func issuingRefusals() throws {
        let key = try SigningKey(generating: .es256)
        let other = try SigningKey(generating: .es256)
        let name = X509Name(commonName: "Test")
        let now = Date()
        #expect(throws: IDCoreError(.invalidParameter, "")) {
            try X509Certificate.issue(subject: name, subjectKey: key.publicKey, issuedBy: nil, signer: other, notBefore: now, notAfter: now, extensions: [])
        }
        #expect(throws: IDCoreError(.invalidParameter, "")) {
            try X509Certificate.issue(subject: name, subjectKey: key.publicKey, issuedBy: nil, signer: key, notBefore: now, notAfter: now - 1, extensions: [])
        }
        #expect(throws: IDCoreError(.invalidParameter, "")) {
            try X509Certificate.issue(subject: name, subjectKey: key.publicKey, issuedBy: nil, signer: key, notBefore: Date(timeIntervalSince1970: -.infinity),
                                      notAfter: Date(timeIntervalSince1970: .infinity), extensions: [])
        }
        #expect(throws: IDCoreError(.invalidParameter, "")) {
            try X509Certificate.issue(subject: name, subjectKey: key.publicKey, issuedBy: nil, signer: key, notBefore: now, notAfter: now,
                                      extensions: [.keyUsage(.digitalSignature), .keyUsage(.cRLSign)])
        }
    }
}
