import Foundation
import IDCore
import IDCoreTesting
@testable import SocialSecurity
import SocialSecuritySimulator
import Testing

@Suite("The gateway refuses before it acts, signs only what it authenticated, and echoes nothing")
struct GatewayTests {
    private static let signIn = SignInInput(operatorCode: "C0012", macAddress: "3C-52-82-1A-7F-02", ipAddress: "10.8.1.23")

    private func requests(_ fixture: PlatformFixture) -> SignedRequests {
        SignedRequests(key: fixture.hospitalKey, partner: PlatformFixture.hospital.code, path: PlatformFixture.shenzhenEndpoint.path, clock: fixture.clock.closure)
    }

    private func messageID(_ fixture: PlatformFixture, _ sequence: Int) -> MessageID {
        MessageID(institution: PlatformFixture.hospital, sentAt: fixture.clock.now, sequence: sequence)
    }

    private func code(of response: ConnectorHTTPResponse) throws -> ConnectorError.Code? {
        try InterfaceResponse(body: response.body).errorCode
    }

    @Test("Refusals before the signature verifies are unsigned, carry their code and copy nothing of the request")
    func unauthenticated() async throws {
        let fixture = try PlatformFixture()
        let signer = requests(fixture)
        let body = try signer.envelope(.signIn, input: Self.signIn.json, messageID: messageID(fixture, 1), signInNumber: nil)
        var stranger = try signer.request(body: body)
        try stranger.headers.set("X-VIDK-Partner", "H99999999999")
        var badKey = try signer.request(body: body)
        try badKey.headers.set("X-VIDK-Key-Id", "no-such-key")
        var altered = try signer.request(body: body)
        altered.body = Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "C0012", with: "C0013").utf8)
        var missing = try signer.request(body: body)
        missing.headers.remove("X-VIDK-Signature")
        var repeated = try signer.request(body: body)
        try repeated.headers.add("X-VIDK-Nonce", "AAAAAAAAAAAAAAAAAAAAAA")
        var getRequest = try signer.request(body: body)
        getRequest.method = "GET"
        var badNonce = try signer.request(body: body)
        try badNonce.headers.set("X-VIDK-Nonce", "short")
        let cases: [(ConnectorHTTPRequest, ConnectorError.Code, Int)] = [
            (stranger, .unknownPartner, 401), (badKey, .unknownKey, 401), (altered, .signatureInvalid, 401), (missing, .malformedRequest, 400),
            (repeated, .malformedRequest, 400), (getRequest, .malformedRequest, 400), (badNonce, .malformedRequest, 400),
        ]
        for (request, expected, status) in cases {
            let response = await fixture.shenzhenGateway.handle(request)
            #expect(response.status == status, "\(expected)")
            #expect(try code(of: response) == expected)
            #expect(response.headers["X-VIDK-Signature"] == nil && response.headers["X-VIDK-Request-Id"] == nil, "\(expected) must not be signed")
        }
    }

    @Test("A header with CR or LF cannot be built, so a request cannot split a response")
    func headerInjection() async throws {
        var headers = ConnectorHTTPHeaders()
        for value in ["a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\u{0}b", " padded", "tab\t", "\u{7F}"] {
            #expect(throws: ConnectorError(.malformedRequest, "")) { try headers.add("X-VIDK-Nonce", value) }
        }
        for name in ["Bad Name", "Bad:Name", "", "Bad\r\nName", "é"] {
            #expect(throws: ConnectorError(.malformedRequest, "")) { try headers.add(name, "v") }
        }
        try headers.add("X-Text", "中文 and\tvisible")
        #expect(headers["x-text"] == "中文 and\tvisible")
        // A response carries only the nonce checked as a token, once the signature verified.
        let fixture = try PlatformFixture()
        let signer = requests(fixture)
        let nonce = "QUJDREVGR0hJSktMTU5PUA"
        let response = await fixture.shenzhenGateway.handle(try signer.request(
            body: try signer.envelope(.signIn, input: Self.signIn.json, messageID: messageID(fixture, 2), signInNumber: nil), nonce: nonce))
        #expect(response.status == 200)
        #expect(response.headers["X-VIDK-Request-Id"] == nonce)
        #expect(response.headers.allSatisfy { !$0.value.contains("\r") && !$0.value.contains("\n") })
    }

    @Test("Header storage is linear: 16,000 fields are added and looked up, and a repeated name reads as absent")
    func manyHeaders() throws {
        var headers = ConnectorHTTPHeaders()
        for index in 0..<16_000 { try headers.add("X-Field-\(index)", "value-\(index)") }
        #expect(headers.count == 16_000)
        #expect(headers["x-field-15999"] == "value-15999")
        try headers.add("X-Field-7", "again")
        #expect(headers["X-Field-7"] == nil)
        #expect(headers.values(of: "x-field-7") == ["value-7", "again"])
        try headers.set("X-Field-7", "once")
        #expect(headers["X-Field-7"] == "once" && headers.count == 16_000)
        headers.remove("X-Field-0")
        #expect(headers.count == 15_999 && headers["X-Field-1"] == "value-1")
    }

    @Test("Requests beyond the limits are answered 431 and 413 before anything is read")
    func limits() async throws {
        let fixture = try PlatformFixture()
        let signer = requests(fixture)
        let body = try signer.envelope(.signIn, input: Self.signIn.json, messageID: messageID(fixture, 3), signInNumber: nil)
        let tooMany = try signer.request(body: body, extraHeaders: (0..<64).map { ("X-Padding-\($0)", "x") })
        let tooLong = try signer.request(body: body, extraHeaders: [("X-Padding", String(repeating: "x", count: 17 * 1024))])
        var tooBig = try signer.request(body: body)
        tooBig.body = Data(count: 1024 * 1024 + 1)
        for (request, expected, status) in [(tooMany, ConnectorError.Code.headersTooLarge, 431), (tooLong, .headersTooLarge, 431), (tooBig, .bodyTooLarge, 413)] {
            let response = await fixture.shenzhenGateway.handle(request)
            #expect(response.status == status)
            #expect(try code(of: response) == expected)
            #expect(response.headers["X-VIDK-Signature"] == nil)
        }
    }

    @Test("Authenticated refusals are signed: a stale time, a replayed nonce, an envelope that is not the partner's")
    func authenticatedRefusals() async throws {
        let fixture = try PlatformFixture()
        let signer = requests(fixture)
        let stale = try signer.request(body: try signer.envelope(.signIn, input: Self.signIn.json, messageID: messageID(fixture, 4), signInNumber: nil),
                                       timestamp: fixture.clock.now.addingTimeInterval(-301))
        let first = try signer.request(body: try signer.envelope(.signIn, input: Self.signIn.json, messageID: messageID(fixture, 5), signInNumber: nil))
        let foreign = try signer.request(body: try signer.envelope(.signIn, input: Self.signIn.json, messageID: MessageID(institution: InstitutionCode("H44030500099"), sentAt: fixture.clock.now, sequence: 6),
                                                                   signInNumber: nil, institution: "H44030500099"))
        let notEnvelope = try signer.request(body: Data(#"{"infno":"9001"}"#.utf8))
        let noSignIn = try signer.request(body: try signer.envelope(.personInfo, input: PersonInfoQuery(credential: .identityCard(fixture.wang.idNumber)).json,
                                                                    messageID: messageID(fixture, 7), signInNumber: nil))
        #expect(await fixture.shenzhenGateway.handle(first).status == 200)
        let cases: [(ConnectorHTTPRequest, ConnectorError.Code, Int)] = [
            (stale, .timestampOutOfWindow, 401), (first, .replayedNonce, 401), (foreign, .malformedRequest, 400), (notEnvelope, .malformedRequest, 400),
            (noSignIn, .notSignedIn, 200),
        ]
        for (request, expected, status) in cases {
            let response = await fixture.shenzhenGateway.handle(request)
            #expect(response.status == status, "\(expected)")
            #expect(try code(of: response) == expected, "\(expected)")
            #expect(response.headers["X-VIDK-Signature"] != nil, "\(expected) must be signed")
            #expect(response.headers["X-VIDK-Request-Id"] == request.headers["X-VIDK-Nonce"])
        }
    }

    @Test("A partner may call only its transactions")
    func notAllowed() async throws {
        let fixture = try PlatformFixture(allowed: [.signIn, .personInfo])
        let session = try await fixture.session()
        let visit = RegistrationCancellation(personNumber: "P1", visitID: "V1", outpatientNumber: "MZ1")
        await #expect(throws: ConnectorError(.transactionNotAllowed, "")) {
            try await session.cancelRegistration(visit, insuredArea: PlatformFixture.shenzhenArea)
        }
    }

    @Test("A store that cannot answer is an outage: nothing runs, and the answer says bureau-unavailable")
    func storeOutage() async throws {
        struct DownNonces: NonceStore {
            func consume(_ nonce: String, at now: Date, until expiry: Date) async throws -> Bool { throw IDCoreError(.storeUnavailable, "down") }
        }
        actor DownMessages: IdempotencyStore {
            func claim(_ key: IdempotencyKey, fingerprint: MessageFingerprint, now: Date, lease: TimeInterval) throws -> IdempotencyClaim {
                throw ConnectorError(.bureauUnavailable, "connection refused")
            }
            func complete(_ key: IdempotencyKey, token: ClaimToken, response: StoredResponse, now: Date) {}
            func release(_ key: IdempotencyKey, token: ClaimToken) {}
            func markReversed(_ key: IdempotencyKey, now: Date) {}
        }
        let fixture = try PlatformFixture()
        let signer = requests(fixture)
        for (nonces, messages) in [(DownNonces() as any NonceStore, InMemoryIdempotencyStore() as any IdempotencyStore), (InMemoryNonceStore(), DownMessages())] {
            let gateway = BureauGateway(platformArea: PlatformFixture.shenzhenArea, signingKey: fixture.shenzhenKey, partners: fixture.partners,
                                        handler: fixture.shenzhen, nonceStore: nonces, idempotencyStore: messages, clock: fixture.clock.closure)
            let response = await gateway.handle(try signer.request(body: try signer.envelope(.signIn, input: Self.signIn.json, messageID: messageID(fixture, 8), signInNumber: nil)))
            #expect(response.status == 503)
            #expect(try code(of: response) == .bureauUnavailable)
        }
    }
}
