import Foundation
import Synchronization
@testable import SocialSecurity
import Testing

@Suite("The circuit breaker pauses a failing platform and lets one trial through")
struct CircuitBreakerTests {
    /// A platform that cannot be reached, counting how often it was tried.
    final class UnreachablePlatform: ConnectorTransport {
        let attempts = Atomic<Int>(0)

        func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
            attempts.add(1, ordering: .relaxed)
            throw ConnectorError(.transportFailure, "unreachable")
        }
    }

    @Test("After the threshold of failures nothing is sent until the pause ends; then one trial, and its success closes the circuit")
    func pausesAndRecovers() async throws {
        let clock = TickingClock(tick: 0)
        let breaker = CircuitBreaker(failureThreshold: 2, openDuration: 30, clock: clock.closure)
        let platform = UnreachablePlatform()
        let fixture = try PlatformFixture(clock: clock)
        let connector = try ProvincialConnector(institution: PlatformFixture.hospital, institutionName: "北京大学深圳医院", treatmentArea: PlatformFixture.shenzhenArea,
                                                signingKey: fixture.hospitalKey, directory: fixture.directory, transport: platform,
                                                retryPolicy: RetryPolicy(maximumAttempts: 1), circuitBreaker: breaker, clock: clock.closure, sleep: { _ in })
        for _ in 0..<2 {
            await #expect(throws: ConnectorError(.transportFailure, "")) { try await connector.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i") }
        }
        await #expect(throws: ConnectorError(.bureauUnavailable, "")) { try await connector.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i") }
        #expect(platform.attempts.load(ordering: .relaxed) == 2, "nothing is sent while the circuit is open")

        clock.advance(31)
        // One trial: it fails, and the circuit opens again at once.
        await #expect(throws: ConnectorError(.transportFailure, "")) { try await connector.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i") }
        await #expect(throws: ConnectorError(.bureauUnavailable, "")) { try await connector.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i") }
        #expect(platform.attempts.load(ordering: .relaxed) == 3)

        // A trial that succeeds closes it: the shared breaker lets the working connector through from then on.
        clock.advance(31)
        let working = try ProvincialConnector(institution: PlatformFixture.hospital, institutionName: "北京大学深圳医院", treatmentArea: PlatformFixture.shenzhenArea,
                                              signingKey: fixture.hospitalKey, directory: fixture.directory, transport: fixture.transport,
                                              retryPolicy: RetryPolicy(maximumAttempts: 1), circuitBreaker: breaker, clock: clock.closure, sleep: { _ in })
        _ = try await working.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i")
        _ = try await working.signIn(PlatformFixture.clerk, macAddress: "m", ipAddress: "i")
    }
}
