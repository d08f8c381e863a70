import Foundation
import IDCore

/// The partner side of the protocol: a typed async call per transaction, routed to the bureau
/// of the person's province by the ``ConnectorDirectory``, signed with the partner's key, and
/// answered only by a response that the bureau signed for this very request.
///
/// ```swift
/// let connector = ProvincialConnector(partnerID: "hospital-shenzhen-pku", signingKey: hospitalKey,
///                                     directory: directory, transport: transport)
/// let eligibility = try await connector.eligibility(EligibilityRequest(idNumber: patient, serviceDate: today))
/// let settlement = try await connector.settle(SettlementRequest(idNumber: patient, items: bill))
/// ```
public struct ProvincialConnector: Sendable {
    public let partnerID: String
    private let signingKey: ConnectorSigningKey
    private let directory: ConnectorDirectory
    private let transport: any ConnectorTransport
    private let window: TimeInterval
    private let random: any RandomByteSource
    private let clock: @Sendable () -> Date

    public init(
        partnerID: String, signingKey: ConnectorSigningKey, directory: ConnectorDirectory, transport: any ConnectorTransport,
        window: TimeInterval = 300, random: any RandomByteSource = SecureRandom(), clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.partnerID = partnerID
        self.signingKey = signingKey
        self.directory = directory
        self.transport = transport
        self.window = window
        self.random = random
        self.clock = clock
    }

    // MARK: Transactions, routed by the person's identity number

    public func bindCard(_ request: BindCardRequest, idempotencyKey: String? = nil) async throws -> CardStatusResponse {
        try await call(.bindCard, request, division: request.idNumber.divisionCode, idempotencyKey: idempotencyKey)
    }

    public func cardStatus(_ request: CardStatusRequest) async throws -> CardStatusResponse {
        try await call(.cardStatus, request, division: request.idNumber.divisionCode)
    }

    public func eligibility(_ request: EligibilityRequest) async throws -> EligibilityResponse {
        try await call(.eligibility, request, division: request.idNumber.divisionCode)
    }

    public func bookAppointment(_ request: BookingRequest, idempotencyKey: String? = nil) async throws -> BookingResponse {
        try await call(.bookAppointment, request, division: request.idNumber.divisionCode, idempotencyKey: idempotencyKey)
    }

    public func estimateSettlement(_ request: SettlementRequest) async throws -> SettlementSplit {
        try await call(.estimateSettlement, request, division: request.idNumber.divisionCode)
    }

    /// Settles a bill. Pass the same `idempotencyKey` to retry: the bureau settles once.
    public func settle(_ request: SettlementRequest, idempotencyKey: String? = nil) async throws -> SettlementSplit {
        try await call(.settle, request, division: request.idNumber.divisionCode, idempotencyKey: idempotencyKey)
    }

    // MARK: Transactions routed by an explicit division

    public func appointmentSlots(_ request: SlotsRequest, division: AdministrativeDivision) async throws -> SlotsResponse {
        try await call(.appointmentSlots, request, division: division.code)
    }

    public func cancelAppointment(_ request: CancellationRequest, division: AdministrativeDivision, idempotencyKey: String? = nil) async throws -> CancellationResponse {
        try await call(.cancelAppointment, request, division: division.code, idempotencyKey: idempotencyKey)
    }

    public func reverseSettlement(_ request: ReversalRequest, division: AdministrativeDivision, idempotencyKey: String? = nil) async throws -> ReversalResponse {
        try await call(.reverseSettlement, request, division: division.code, idempotencyKey: idempotencyKey)
    }

    public func refund(_ request: RefundRequest, division: AdministrativeDivision, idempotencyKey: String? = nil) async throws -> RefundResponse {
        try await call(.refund, request, division: division.code, idempotencyKey: idempotencyKey)
    }

    public func reconciliation(_ request: ReconciliationRequest, division: AdministrativeDivision) async throws -> ReconciliationResponse {
        try await call(.reconciliation, request, division: division.code)
    }

    /// A fresh idempotency key (128 random bits, base64url) for a state-changing call that the
    /// caller wants to be able to retry.
    public func newIdempotencyKey() throws -> String {
        try random.bytes(count: 16).base64URLEncodedString()
    }

    // MARK: The exchange

    private func call<Request: Encodable, Response: Decodable>(
        _ transaction: Transaction, _ body: Request, division: String, idempotencyKey: String? = nil
    ) async throws -> Response {
        let bureau = try directory.bureau(for: division)
        guard bureau.transactions.contains(transaction) else {
            throw ConnectorError(.transactionNotSupported, "Bureau \(bureau.bureauID) does not offer \(transaction.rawValue).")
        }
        let key = transaction.isStateChanging ? try idempotencyKey ?? newIdempotencyKey() : nil
        let request = try signedRequest(transaction, body: ProtocolJSON.encode(body), idempotencyKey: key)
        let response = try await transport.send(request, to: bureau.endpoint)
        try verify(response, for: request, bureau: bureau)
        guard response.status == 200 else {
            let error = try? JSONDecoder().decode(ProtocolJSON.ErrorBody.self, from: response.body)
            throw ConnectorError(ConnectorError.Code(wire: error?.error.code ?? "internal-error"),
                                 error?.error.message ?? "Bureau \(bureau.bureauID) answered HTTP \(response.status).")
        }
        do {
            return try JSONDecoder().decode(Response.self, from: response.body)
        } catch {
            throw ConnectorError(.invalidResponse, "Bureau \(bureau.bureauID)'s answer to \(transaction.rawValue) does not decode: \(error)")
        }
    }

    private func signedRequest(_ transaction: Transaction, body: Data, idempotencyKey: String?) throws -> ConnectorHTTPRequest {
        let timestamp = ProtocolTime.format(clock())
        let nonce = try random.bytes(count: 16).base64URLEncodedString()
        let canonical = CanonicalMessage.request(.init(
            method: "POST", path: transaction.path, query: "", timestamp: timestamp, nonce: nonce, partner: partnerID, keyID: signingKey.keyID,
            idempotencyKey: idempotencyKey, bodyDigest: try CanonicalMessage.bodyDigest(body, algorithm: signingKey.key.algorithm)
        ))
        var headers: HTTPHeaders = [
            ProtocolHeader.contentType: "application/json", ProtocolHeader.partner: partnerID, ProtocolHeader.keyID: signingKey.keyID,
            ProtocolHeader.algorithm: signingKey.key.algorithm.joseName, ProtocolHeader.timestamp: timestamp, ProtocolHeader.nonce: nonce,
            ProtocolHeader.signature: try signingKey.key.signature(for: canonical).rawRepresentation.base64URLEncodedString(),
        ]
        headers[ProtocolHeader.idempotencyKey] = idempotencyKey
        return ConnectorHTTPRequest(method: "POST", path: transaction.path, headers: headers, body: body)
    }

    /// The response must be signed by a key of this bureau, for this request, recently.
    private func verify(_ response: ConnectorHTTPResponse, for request: ConnectorHTTPRequest, bureau: ConnectorDirectory.Bureau) throws {
        let headers = response.headers
        guard let requestID = headers[ProtocolHeader.requestID], requestID == request.headers[ProtocolHeader.nonce] else {
            throw ConnectorError(.invalidResponse, "The response does not name this request: it may be a replay of another answer.")
        }
        guard let keyID = headers[ProtocolHeader.keyID], let key = bureau.keys[keyID] else {
            throw ConnectorError(.invalidResponse, "The response is not signed with a key of bureau \(bureau.bureauID).")
        }
        guard let timestamp = headers[ProtocolHeader.timestamp], let nonce = headers[ProtocolHeader.nonce],
              let replayed = headers[ProtocolHeader.replayed], let signatureText = headers[ProtocolHeader.signature],
              let signatureBytes = Data(base64URLEncoded: signatureText),
              let signature = try? Signature(rawRepresentation: signatureBytes, algorithm: key.algorithm)
        else { throw ConnectorError(.invalidResponse, "The response's signature headers are missing or malformed.") }
        let skew = try ProtocolTime.parse(timestamp).timeIntervalSince(clock())
        guard abs(skew) <= window else {
            throw ConnectorError(.invalidResponse, "The response is dated \(Int(skew.rounded())) s from this clock; the window is ±\(Int(window)) s.")
        }
        let canonical = CanonicalMessage.response(.init(
            requestID: requestID, partner: partnerID, status: response.status, timestamp: timestamp, nonce: nonce, keyID: keyID,
            replayed: replayed == "true", bodyDigest: try CanonicalMessage.bodyDigest(response.body, algorithm: key.algorithm)
        ))
        guard key.isValidSignature(signature, for: canonical) else {
            throw ConnectorError(.invalidResponse, "The response's signature does not verify: it was altered on the way.")
        }
    }
}
