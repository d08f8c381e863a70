import Foundation
import IDCore
@testable import SocialSecurity
import Testing

@Suite("Bureau gateway: every rejection, with its code")
struct GatewayRejectionTests {
    /// A correctly signed request from the fixture's hospital, which each test then breaks.
    func signed(_ fixture: ConnectorFixture, _ transaction: Transaction = .cardStatus, body: Data? = nil, at time: Date? = nil,
                nonce: String = "bm9uY2Utbm9uY2UtMDE", idempotencyKey: String? = nil, key: ConnectorSigningKey? = nil) throws -> ConnectorHTTPRequest {
        let signer = key ?? fixture.hospitalKey
        let payload = try body ?? ProtocolJSON.encode(CardStatusRequest(idNumber: fixture.shenzhenPatient))
        let timestamp = ProtocolTime.format(time ?? fixture.now)
        let canonical = try CanonicalMessage.request(.init(method: "POST", path: transaction.path, query: "", timestamp: timestamp, nonce: nonce,
                                                       partner: ConnectorFixture.partner, keyID: signer.keyID, idempotencyKey: idempotencyKey,
                                                       body: payload, algorithm: signer.key.algorithm))
        var headers: HTTPHeaders = [
            "X-VIDK-Partner": ConnectorFixture.partner, "X-VIDK-Key-Id": signer.keyID, "X-VIDK-Algorithm": signer.key.algorithm.joseName,
            "X-VIDK-Timestamp": timestamp, "X-VIDK-Nonce": nonce,
            "X-VIDK-Signature": try signer.key.signature(for: canonical).rawRepresentation.base64URLEncodedString(),
        ]
        headers["X-VIDK-Idempotency-Key"] = idempotencyKey
        return ConnectorHTTPRequest(method: "POST", path: transaction.path, headers: headers, body: payload)
    }

    func code(of response: ConnectorHTTPResponse) throws -> String {
        try JSONDecoder().decode(ProtocolJSON.ErrorBody.self, from: response.body).error.code
    }

    @Test("A well-signed request passes; the answer is signed for it")
    func baseline() async throws {
        let fixture = try ConnectorFixture()
        let response = await fixture.shenzhenGateway.handle(try signed(fixture))
        #expect(response.status == 404)  // not bound: not-found, but authenticated and signed
        #expect(try code(of: response) == "not-found")
        #expect(response.headers["x-vidk-request-id"] == "bm9uY2Utbm9uY2UtMDE")
        #expect(response.headers["X-VIDK-Signature"] != nil)
    }

    @Test("Bad signature, wrong key id, unknown partner, body changed after signing")
    func authentication() async throws {
        let fixture = try ConnectorFixture()
        var badSignature = try signed(fixture)
        badSignature.headers["X-VIDK-Signature"] = try signed(fixture, nonce: "b3RoZXItbm9uY2UtMDI").headers["X-VIDK-Signature"]
        #expect(try code(of: await fixture.shenzhenGateway.handle(badSignature)) == "signature-invalid")

        let stranger = ConnectorSigningKey(try SigningKey(generating: .sm2))
        #expect(try code(of: await fixture.shenzhenGateway.handle(try signed(fixture, key: stranger))) == "unknown-key")

        var unknownPartner = try signed(fixture)
        unknownPartner.headers["X-VIDK-Partner"] = "pharmacy-unknown"
        #expect(try code(of: await fixture.shenzhenGateway.handle(unknownPartner)) == "unknown-partner")

        var altered = try signed(fixture)
        altered.body = try ProtocolJSON.encode(CardStatusRequest(idNumber: fixture.chengduPatient))
        #expect(try code(of: await fixture.shenzhenGateway.handle(altered)) == "signature-invalid")

        var missing = try signed(fixture)
        missing.headers["X-VIDK-Timestamp"] = nil
        #expect(try code(of: await fixture.shenzhenGateway.handle(missing)) == "malformed-request")
    }

    @Test("Expired and future timestamps are refused with the skew; a replayed nonce is refused")
    func replay() async throws {
        let fixture = try ConnectorFixture()
        let late = await fixture.shenzhenGateway.handle(try signed(fixture, at: fixture.now.addingTimeInterval(-301)))
        #expect(try code(of: late) == "timestamp-out-of-window")
        #expect(String(decoding: late.body, as: UTF8.self).contains("301 s behind"))
        let early = await fixture.shenzhenGateway.handle(try signed(fixture, at: fixture.now.addingTimeInterval(400)))
        #expect(try code(of: early) == "timestamp-out-of-window")
        let request = try signed(fixture, nonce: "cmVwbGF5LW5vbmNlLTAz")
        #expect(try code(of: await fixture.shenzhenGateway.handle(request)) == "not-found")
        #expect(try code(of: await fixture.shenzhenGateway.handle(request)) == "replayed-nonce")
    }

    @Test("A transaction the partner may not call, and a state change without an idempotency key")
    func authorisation() async throws {
        let fixture = try ConnectorFixture(allowed: [.cardStatus, .settle])
        let eligibility = try signed(fixture, .eligibility, body: ProtocolJSON.encode(EligibilityRequest(idNumber: fixture.shenzhenPatient, serviceDate: CalendarDate.today(now: fixture.now))))
        #expect(try code(of: await fixture.shenzhenGateway.handle(eligibility)) == "transaction-not-allowed")
        let settle = try signed(fixture, .settle, body: ProtocolJSON.encode(SettlementRequest(idNumber: fixture.shenzhenPatient, items: ConnectorFixture.bill)),
                                nonce: "c2V0dGxlLW5vbmNlLTA0")
        #expect(try code(of: await fixture.shenzhenGateway.handle(settle)) == "idempotency-key-required")
    }

    @Test("A response altered on the way, or answering another request, is refused by the client")
    func responseIntegrity() async throws {
        let fixture = try ConnectorFixture()
        struct Tampering: ConnectorTransport {
            let inner: InProcessTransport
            let change: @Sendable (inout ConnectorHTTPResponse) -> Void
            func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
                var response = try await inner.send(request, to: endpoint)
                change(&response)
                return response
            }
        }
        let directory = ConnectorDirectory([.init(division: "4403", bureauID: "440300", endpoint: ConnectorFixture.shenzhen,
                                                  keys: ConnectorKeySet(keysByID: [:]))])
        let untrusting = ProvincialConnector(partnerID: ConnectorFixture.partner, signingKey: fixture.hospitalKey, directory: directory,
                                             transport: InProcessTransport(gateways: [ConnectorFixture.shenzhen: fixture.shenzhenGateway]), clock: { fixture.now })
        await #expect(throws: ConnectorError(.invalidResponse, "")) { try await untrusting.cardStatus(CardStatusRequest(idNumber: fixture.shenzhenPatient)) }
        _ = try await fixture.bind(fixture.shenzhenPatient, name: "王建国", card: "M12345678")
        let changes: [@Sendable (inout ConnectorHTTPResponse) -> Void] = [
            { $0.body = Data(String(decoding: $0.body, as: UTF8.self).replacingOccurrences(of: "active", with: "cancelled").utf8) },
            { $0.headers["X-VIDK-Request-Id"] = "c29tZW9uZS1lbHNlcy1yZXF1ZXN0" },
            { $0.status = 500 },
        ]
        for change in changes {
            let tampered = ProvincialConnector(partnerID: ConnectorFixture.partner, signingKey: fixture.hospitalKey, directory: fixture.directory,
                                               transport: Tampering(inner: fixture.transport, change: change), clock: { fixture.now })
            await #expect(throws: ConnectorError(.invalidResponse, "")) { try await tampered.cardStatus(CardStatusRequest(idNumber: fixture.shenzhenPatient)) }
        }
    }
}

@Suite("Bureau gateway under concurrent requests")
struct GatewayConcurrencyTests {
    @Test("Concurrent requests with one idempotency key settle once; the others get 'in progress' or the replay")
    func sameKeyConcurrently() async throws {
        let fixture = try ConnectorFixture()
        _ = try await fixture.bind(fixture.shenzhenPatient, name: "王建国", card: "M12345678")
        let tests = GatewayRejectionTests()
        let body = try ProtocolJSON.encode(SettlementRequest(idNumber: fixture.shenzhenPatient, items: ConnectorFixture.bill))
        let requests = try (0..<12).map { index in
            try tests.signed(fixture, .settle, body: body, nonce: "Y29uY3VycmVudC1ub25jZS0\(index)", idempotencyKey: "c2FtZS1rZXktZm9yLWFsbA")
        }
        let statuses = await withTaskGroup(of: (Int, String).self) { group in
            for request in requests {
                group.addTask {
                    let response = await fixture.shenzhenGateway.handle(request)
                    return (response.status, response.headers["X-VIDK-Replayed"] ?? "")
                }
            }
            return await group.reduce(into: [(Int, String)]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == (200, "false") }.count == 1)
        #expect(statuses.allSatisfy { $0.0 == 200 || $0.0 == 409 })
        #expect(await fixture.shenzhenBureau.settlementCount(partner: ConnectorFixture.partner) == 1)
    }
}
