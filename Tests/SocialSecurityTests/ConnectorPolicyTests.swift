import Foundation
import IDCore
@testable import SocialSecurity
import Testing

@Suite("Connector discovery, directory, retries and circuit breaker")
struct ConnectorPolicyTests {
    @Test("Capabilities are published signed, with the bureau's keys and transactions")
    func capabilities() async throws {
        let fixture = try ConnectorFixture()
        let published = try await fixture.connector.capabilities(division: AdministrativeDivision(code: "4403"))
        #expect(published.protocolVersion == 1 && published.bureau == "440300" && published.windowSeconds == 300)
        #expect(published.transactions == Transaction.allCases)
        #expect(published.keys.count == 1 && published.keys[0].alg == "SM2")
    }

    @Test("The directory reads its JSON file and routes by the most specific division")
    func directoryFile() throws {
        let key = try SigningKey(generating: .sm2).publicKey
        let json = try JSONSerialization.data(withJSONObject: ["bureaus": [
            ["division": "44", "bureau_id": "440000", "endpoint": "https://si.gd.example", "keys": [JSONSerialization.jsonObject(with: JSONEncoder().encode(key.jwk))],
             "transactions": ["card/status"]],
            ["division": "4403", "bureau_id": "440300", "endpoint": "https://si.sz.example", "keys": [], "transactions": ["card/status", "settlements"]],
        ]])
        let directory = try ConnectorDirectory(jsonData: json)
        #expect(try directory.bureau(for: "440305").bureauID == "440300")
        #expect(try directory.bureau(for: "440115").bureauID == "440000")
        #expect(try directory.bureau(for: "440115").keys[key.thumbprint] == key)
        #expect(throws: ConnectorError(.unknownProvince, "")) { try directory.bureau(for: "510107") }
        #expect(throws: ConnectorError(.malformedRequest, "")) { try ConnectorDirectory(jsonData: Data("{\"bureaus\": [{\"division\": \"99\"}]}".utf8)) }
    }

    @Test("Protocol times are RFC 3339 with a colon in the offset, and parse back")
    func times() throws {
        let instant = Date(timeIntervalSince1970: 1_795_622_400)  // 2026-11-25T16:00:00Z
        #expect(ProtocolTime.format(instant) == "2026-11-26T00:00:00+08:00")
        #expect(try ProtocolTime.parse("2026-11-26T00:00:00+08:00") == instant)
        #expect(try ProtocolTime.parse("2026-11-25T16:00:00Z") == instant)
        #expect(try ProtocolTime.parse("2026-11-25t09:30:00.250-06:30") == instant.addingTimeInterval(0.25))
        #expect(try ProtocolTime.parse("2026-11-25T16:00:00z") == instant)
        #expect(ProtocolTime.format(Date(timeIntervalSince1970: -1)) == "1970-01-01T07:59:59+08:00")
        #expect(ProtocolTime.format(Date(timeIntervalSince1970: 1e12)) == "33658-09-27T09:46:40+08:00")
        #expect(try ProtocolTime.parse("1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
        #expect(try ProtocolTime.parse("2028-02-29T12:00:00+08:00") == Date(timeIntervalSince1970: 1_835_409_600))
        for text in ["yesterday", "2026-11-25T16:00:00", "2026-11-25 16:00:00Z", "2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z",
                     "2026-11-25T16:00:00.Z", "2026-11-25T16:00:00+0800", "2026-11-25T16:00:00+08:00 ", "26-11-25T16:00:00Z"] {
            #expect(throws: ConnectorError(.malformedRequest, ""), "\(text)") { try ProtocolTime.parse(text) }
        }
    }

    @Test("Header names match case-insensitively; setting replaces, nil removes")
    func headers() {
        var headers: HTTPHeaders = ["X-VIDK-Nonce": "a", "Content-Type": "application/json"]
        #expect(headers["x-vidk-nonce"] == "a" && headers["X-VIDK-NONCE"] == "a" && headers["X-VIDK-Nonc"] == nil)
        headers["x-vidk-nonce"] = "b"
        #expect(headers["X-VIDK-Nonce"] == "b" && Array(headers).count == 2)
        headers["CONTENT-TYPE"] = nil
        #expect(Array(headers).map(\.name) == ["x-vidk-nonce"])
        let reordered: HTTPHeaders = ["content-type": "text/plain", "X-A": "1"]
        #expect(reordered == ["x-a": "1", "Content-Type": "text/plain"])
        #expect(reordered.hashValue == (["x-a": "1", "Content-Type": "text/plain"] as HTTPHeaders).hashValue)
        #expect(reordered != ["x-a": "2", "Content-Type": "text/plain"])
        #expect(reordered != ["x-a": "1"])
        // Names that differ beyond ASCII case are different fields, and hashing them is safe.
        let accented: HTTPHeaders = ["X-É": "1", "x-é": "2"]
        #expect(Array(accented).count == 2 && Set([accented]).count == 1)
    }

    @Test("Requests are routed by the transaction path under any mount prefix")
    func routing() {
        for transaction in Transaction.allCases {
            #expect(Transaction(path: transaction.path) == transaction)
            #expect(Transaction(path: "/connector" + transaction.path) == transaction)
        }
        for path in ["/v1/settlements/", "/v2/settlements", "/v1/unknown", "/connector/xv1/refunds", "", "/v1/"] {
            #expect(Transaction(path: path) == nil, "\(path)")
        }
    }

    @Test("Backoff grows exponentially with full jitter, is capped, and honours Retry-After")
    func backoff() {
        let policy = RetryPolicy(maximumAttempts: 5, baseDelay: 0.2, maximumDelay: 1)
        #expect(policy.delay(after: 1, draw: 1, retryAfter: nil) == 0.2)
        #expect(policy.delay(after: 3, draw: 1, retryAfter: nil) == 0.8)
        #expect(policy.delay(after: 5, draw: 1, retryAfter: nil) == 1)
        #expect(policy.delay(after: 3, draw: 0.5, retryAfter: nil) == 0.4)
        #expect(policy.delay(after: 1, draw: 0.1, retryAfter: 3) == 3)
    }

    @Test("Transient failures are retried with the same idempotency key; the circuit opens after repeated failures")
    func retriesAndCircuit() async throws {
        let fixture = try ConnectorFixture()
        _ = try await fixture.bind(fixture.shenzhenPatient, name: "王建国", card: "M12345678")
        actor Flaky: ConnectorTransport {
            let inner: InProcessTransport
            var failuresLeft: Int
            var keys: [String] = []
            init(inner: InProcessTransport, failures: Int) { self.inner = inner; failuresLeft = failures }
            func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
                keys.append(request.headers["X-VIDK-Idempotency-Key"] ?? "")
                if failuresLeft > 0 {
                    failuresLeft -= 1
                    return ConnectorHTTPResponse(status: 503, headers: ["Retry-After": "1"])
                }
                return try await inner.send(request, to: endpoint)
            }
        }
        let flaky = Flaky(inner: fixture.transport, failures: 2)
        let waits = WaitLog()
        let connector = ProvincialConnector(partnerID: ConnectorFixture.partner, signingKey: fixture.hospitalKey, directory: fixture.directory, transport: flaky,
                                            clock: { fixture.now }, sleep: { await waits.add($0) })
        let settled = try await connector.settle(SettlementRequest(idNumber: fixture.shenzhenPatient, items: ConnectorFixture.bill))
        #expect(settled.settlementID != nil)
        let keys = await flaky.keys
        #expect(keys.count == 3 && Set(keys).count == 1)
        #expect(await waits.values.allSatisfy { $0 >= 1 })

        let breaker = CircuitBreaker(failureThreshold: 2, openDuration: 60, clock: { fixture.now })
        let down = ProvincialConnector(partnerID: ConnectorFixture.partner, signingKey: fixture.hospitalKey, directory: fixture.directory,
                                       transport: Flaky(inner: fixture.transport, failures: 100), retryPolicy: .never, circuitBreaker: breaker,
                                       clock: { fixture.now }, sleep: { _ in })
        for _ in 0..<2 {
            await #expect(throws: ConnectorError(.bureauUnavailable, "")) { try await down.cardStatus(CardStatusRequest(idNumber: fixture.shenzhenPatient)) }
        }
        let paused = try await #require(throws: ConnectorError.self) { try await down.cardStatus(CardStatusRequest(idNumber: fixture.shenzhenPatient)) }
        #expect(paused.reason.contains("paused"))
    }
}

actor WaitLog {
    private(set) var values: [TimeInterval] = []
    func add(_ value: TimeInterval) { values.append(value) }
}
