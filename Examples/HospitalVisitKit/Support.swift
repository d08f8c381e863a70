import Foundation
import IDCore
import SocialSecurity

/// Keeps the request id (the signed nonce) of the last request, for the story's output.
actor RecordingTransport: ConnectorTransport {
    private let inner: any ConnectorTransport
    private(set) var lastRequestID = "-"

    init(inner: any ConnectorTransport) {
        self.inner = inner
    }

    /// Forgets the last id, before a call that may not send anything.
    func reset() {
        lastRequestID = "-"
    }

    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        lastRequestID = request.headers["X-VIDK-Nonce"] ?? "-"
        return try await inner.send(request, to: endpoint)
    }
}

/// Shenzhen over HTTP, the other bureaus in process.
struct RoutingTransport: ConnectorTransport {
    let local: InProcessTransport
    let remote: HTTPTransport
    let remoteEndpoint: URL

    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        endpoint == remoteEndpoint ? try await remote.send(request, to: endpoint) : try await local.send(request, to: endpoint)
    }
}

/// The example's patients, with check characters computed as GB 11643 specifies.
enum PatientNumbers {
    static func make(_ division: String, _ birth: String, _ sequence: Int) throws -> ResidentIDNumber {
        let body = division + birth + String(sequence, zeroPaddedTo: 3)
        return try ResidentIDNumber(body + String(ResidentIDNumber.checkCharacter(for: Array(body))))
    }

    static func person(_ number: ResidentIDNumber, _ name: String, _ card: String, _ division: String, balance: Int64) throws -> SimulatedBureau.Person {
        try SimulatedBureau.Person(idNumber: number, name: PersonName(name), cardNumber: SocialSecurityCardNumber(card),
                                   issuingDivision: AdministrativeDivision(code: division), personalAccountFen: balance)
    }
}
