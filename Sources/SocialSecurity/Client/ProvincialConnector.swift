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
    /// The partner identifier the bureaus know this connector by.
    public let partnerID: String
    private let signingKey: ConnectorSigningKey
    private let directory: ConnectorDirectory
    private let transport: any ConnectorTransport
    private let window: TimeInterval
    private let retryPolicy: RetryPolicy
    private let circuitBreaker: CircuitBreaker
    private let random: any RandomByteSource
    private let clock: @Sendable () -> Date
    private let sleep: @Sendable (TimeInterval) async throws -> Void

    /// - Parameters:
    ///   - retryPolicy: when to try a call again; see ``RetryPolicy``.
    ///   - circuitBreaker: shared by the connectors of one process, one circuit per bureau.
    ///   - sleep: how to wait between attempts (tests pass one that returns at once).
    public init(
        partnerID: String, signingKey: ConnectorSigningKey, directory: ConnectorDirectory, transport: any ConnectorTransport,
        window: TimeInterval = 300, retryPolicy: RetryPolicy = RetryPolicy(), circuitBreaker: CircuitBreaker = CircuitBreaker(),
        random: any RandomByteSource = SecureRandom(), clock: @escaping @Sendable () -> Date = Date.init,
        sleep: @escaping @Sendable (TimeInterval) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.partnerID = partnerID
        self.signingKey = signingKey
        self.directory = directory
        self.transport = transport
        self.window = window
        self.retryPolicy = retryPolicy
        self.circuitBreaker = circuitBreaker
        self.random = random
        self.clock = clock
        self.sleep = sleep
    }

    // MARK: Transactions, routed by the person's identity number

    /// Binds the person's card at the bureau of their province.
    public func bindCard(_ request: BindCardRequest, idempotencyKey: String? = nil) async throws -> CardStatusResponse {
        try await call(.bindCard, request, division: request.idNumber.divisionCode, idempotencyKey: idempotencyKey)
    }

    /// The status of the person's card, from the bureau of their province.
    public func cardStatus(_ request: CardStatusRequest) async throws -> CardStatusResponse {
        try await call(.cardStatus, request, division: request.idNumber.divisionCode)
    }

    /// The person's insurance standing, from the bureau of their province.
    public func eligibility(_ request: EligibilityRequest) async throws -> EligibilityResponse {
        try await call(.eligibility, request, division: request.idNumber.divisionCode)
    }

    /// Books a slot; pass the same `idempotencyKey` to retry without booking twice.
    public func bookAppointment(_ request: BookingRequest, idempotencyKey: String? = nil) async throws -> BookingResponse {
        try await call(.bookAppointment, request, division: request.idNumber.divisionCode, idempotencyKey: idempotencyKey)
    }

    /// Computes the split of a bill without moving money.
    public func estimateSettlement(_ request: SettlementRequest) async throws -> SettlementSplit {
        try await call(.estimateSettlement, request, division: request.idNumber.divisionCode)
    }

    /// Settles a bill. Pass the same `idempotencyKey` to retry: the bureau settles once.
    public func settle(_ request: SettlementRequest, idempotencyKey: String? = nil) async throws -> SettlementSplit {
        try await call(.settle, request, division: request.idNumber.divisionCode, idempotencyKey: idempotencyKey)
    }

    /// Settles a bill durably: the settlement is journaled before it is sent and its outcome
    /// after, so a crash in between is resolved by ``recoverPending(from:)``.
    public func settle(_ request: SettlementRequest, journal: any SettlementJournal) async throws -> SettlementSplit {
        let entry = JournalEntry(idempotencyKey: try newIdempotencyKey(), request: request)
        try await journal.record(entry)
        return try await complete(entry, journal: journal)
    }

    /// Sends every pending journal entry again with its idempotency key and records the outcome:
    /// settled, or definitively failed. Entries that meet a retryable failure stay pending for
    /// the next recovery. Returns the entries it resolved.
    @discardableResult
    public func recoverPending(from journal: any SettlementJournal) async throws -> [JournalEntry] {
        var resolved: [JournalEntry] = []
        for entry in try await journal.pending() {
            do {
                let split = try await complete(entry, journal: journal)
                resolved.append(JournalEntry(idempotencyKey: entry.idempotencyKey, request: entry.request, outcome: .settled(split)))
            } catch let error as ConnectorError where Self.isDefinitive(error) {
                resolved.append(JournalEntry(idempotencyKey: entry.idempotencyKey, request: entry.request,
                                             outcome: .failed(code: error.code.rawValue, message: error.reason)))
            } catch {
                continue
            }
        }
        return resolved
    }

    /// Sends a journaled settlement and records a definitive outcome.
    private func complete(_ entry: JournalEntry, journal: any SettlementJournal) async throws -> SettlementSplit {
        do {
            let split: SettlementSplit = try await call(.settle, entry.request, division: entry.request.idNumber.divisionCode, idempotencyKey: entry.idempotencyKey)
            try await journal.record(JournalEntry(idempotencyKey: entry.idempotencyKey, request: entry.request, outcome: .settled(split)))
            return split
        } catch let error as ConnectorError where Self.isDefinitive(error) {
            try await journal.record(JournalEntry(idempotencyKey: entry.idempotencyKey, request: entry.request,
                                                  outcome: .failed(code: error.code.rawValue, message: error.reason)))
            throw error
        }
    }

    // MARK: Transactions routed by an explicit division

    /// A department's slots at a hospital in `division`.
    public func appointmentSlots(_ request: SlotsRequest, division: AdministrativeDivision) async throws -> SlotsResponse {
        try await call(.appointmentSlots, request, division: division.code)
    }

    /// Cancels an appointment at the bureau of `division`.
    public func cancelAppointment(_ request: CancellationRequest, division: AdministrativeDivision, idempotencyKey: String? = nil) async throws -> CancellationResponse {
        try await call(.cancelAppointment, request, division: division.code, idempotencyKey: idempotencyKey)
    }

    /// Reverses a same-day settlement; pass the same `idempotencyKey` to retry.
    public func reverseSettlement(_ request: ReversalRequest, division: AdministrativeDivision, idempotencyKey: String? = nil) async throws -> ReversalResponse {
        try await call(.reverseSettlement, request, division: division.code, idempotencyKey: idempotencyKey)
    }

    /// Refunds some lines of a settlement; pass the same `idempotencyKey` to retry.
    public func refund(_ request: RefundRequest, division: AdministrativeDivision, idempotencyKey: String? = nil) async throws -> RefundResponse {
        try await call(.refund, request, division: division.code, idempotencyKey: idempotencyKey)
    }

    /// Compares the partner's day with the bureau of `division`.
    public func reconciliation(_ request: ReconciliationRequest, division: AdministrativeDivision) async throws -> ReconciliationResponse {
        try await call(.reconciliation, request, division: division.code)
    }

    /// The bureau's published capabilities for `division`, verified like every answer.
    public func capabilities(division: AdministrativeDivision) async throws -> BureauCapabilities {
        let bureau = try directory.bureau(for: division.code)
        try await circuitBreaker.admit(bureau.bureauID)
        let request = try signedRequest(method: "GET", path: "/v1/capabilities", body: Data(), idempotencyKey: nil, for: bureau)
        let response = try await deliver(request, to: bureau)
        return try decode(response, as: BureauCapabilities.self, what: "capabilities", bureau: bureau)
    }

    /// A fresh idempotency key (128 random bits, base64url) for a state-changing call that the
    /// caller wants to be able to retry.
    public func newIdempotencyKey() throws -> String {
        try random.bytes(count: 16).base64URLEncodedString()
    }

    // MARK: The exchange

    private func call<Request: ConnectorMessage, Response: ConnectorMessage>(
        _ transaction: Transaction, _ body: Request, division: String, idempotencyKey: String? = nil
    ) async throws -> Response {
        let bureau = try directory.bureau(for: division)
        guard bureau.transactions.contains(transaction) else {
            throw ConnectorError(.transactionNotSupported, "Bureau \(bureau.bureauID) does not offer \(transaction.rawValue).")
        }
        let key = transaction.isStateChanging ? try idempotencyKey ?? newIdempotencyKey() : nil
        let payload = try ProtocolJSON.encode(body)
        var attempt = 1
        while true {
            try await circuitBreaker.admit(bureau.bureauID)
            do {
                // Each attempt is a new signed request (fresh nonce and time) with the same
                // idempotency key and body.
                let response = try await exchange(transaction, payload: payload, idempotencyKey: key, bureau: bureau)
                await circuitBreaker.recordSuccess(bureau.bureauID)
                return try decode(response, as: Response.self, what: transaction.rawValue, bureau: bureau)
            } catch let error as ConnectorError where error.code.isRetryable {
                await circuitBreaker.recordFailure(bureau.bureauID)
                guard attempt < retryPolicy.maximumAttempts else { throw error }
                let draw = Double(try random.bytes(count: 4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) / 4_294_967_296
                try await sleep(retryPolicy.delay(after: attempt, draw: draw, retryAfter: error.retryAfter))
                attempt += 1
            }
        }
    }

    /// A refusal that settles the matter: the bureau answered, with a signature, a code that is
    /// not retryable. A response that could not be verified is not an answer.
    private static func isDefinitive(_ error: ConnectorError) -> Bool {
        !error.code.isRetryable && error.code != .invalidResponse && error.code != .cryptography
    }

    /// One signed request and its verified response.
    private func exchange(_ transaction: Transaction, payload: Data, idempotencyKey: String?, bureau: ConnectorDirectory.Bureau) async throws -> ConnectorHTTPResponse {
        let request = try signedRequest(method: "POST", path: transaction.path, body: payload, idempotencyKey: idempotencyKey, for: bureau)
        return try await deliver(request, to: bureau)
    }

    /// Sends a signed request and checks the answer: signed for it, and a success.
    private func deliver(_ request: ConnectorHTTPRequest, to bureau: ConnectorDirectory.Bureau) async throws -> ConnectorHTTPResponse {
        let response: ConnectorHTTPResponse
        do {
            response = try await transport.send(request, to: bureau.endpoint)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.transportFailure, "The request to bureau \(bureau.bureauID) failed: \(error.localizedDescription)")
        }
        // A proxy or load balancer in front of the bureau answers outages unsigned: that is a
        // transport condition, to retry, not an answer from the bureau.
        if [502, 503, 504].contains(response.status), response.headers[ProtocolHeader.signature] == nil {
            var error = ConnectorError(.bureauUnavailable, "Bureau \(bureau.bureauID)'s front end answered HTTP \(response.status).")
            error.retryAfter = response.headers[ProtocolHeader.retryAfter].flatMap(TimeInterval.init)
            throw error
        }
        try verify(response, for: request, bureau: bureau)
        guard response.status == 200 else {
            let body = try? ProtocolJSON.decode(ProtocolJSON.ErrorBody.self, from: response.body)
            var error = ConnectorError(ConnectorError.Code(wire: body?.error.code ?? "internal-error"),
                                       body?.error.message ?? "Bureau \(bureau.bureauID) answered HTTP \(response.status).")
            error.retryAfter = response.headers[ProtocolHeader.retryAfter].flatMap(TimeInterval.init)
            throw error
        }
        return response
    }

    private func decode<Response: ConnectorMessage>(_ response: ConnectorHTTPResponse, as type: Response.Type, what: String, bureau: ConnectorDirectory.Bureau) throws -> Response {
        do {
            return try ProtocolJSON.decode(type, from: response.body)
        } catch {
            throw ConnectorError(.invalidResponse, "Bureau \(bureau.bureauID)'s answer to \(what) does not decode: \(error)")
        }
    }

    /// Signs the request for the path as it will be sent: under the endpoint's own path.
    private func signedRequest(method: String, path protocolPath: String, body: Data, idempotencyKey: String?, for bureau: ConnectorDirectory.Bureau) throws -> ConnectorHTTPRequest {
        let path = bureau.basePath + protocolPath
        let timestamp = ProtocolTime.format(clock())
        let nonce = try random.bytes(count: 16).base64URLEncodedString()
        let canonical = try CanonicalMessage.request(.init(
            method: method, path: path, query: "", timestamp: timestamp, nonce: nonce, partner: partnerID, keyID: signingKey.keyID,
            idempotencyKey: idempotencyKey, body: body, algorithm: signingKey.key.algorithm
        ))
        var headers: HTTPHeaders = [
            ProtocolHeader.contentType: "application/json", ProtocolHeader.partner: partnerID, ProtocolHeader.keyID: signingKey.keyID,
            ProtocolHeader.algorithm: signingKey.key.algorithm.joseName, ProtocolHeader.timestamp: timestamp, ProtocolHeader.nonce: nonce,
            ProtocolHeader.signature: try signingKey.key.signature(for: canonical).rawRepresentation.base64URLEncodedString(),
        ]
        headers[ProtocolHeader.idempotencyKey] = idempotencyKey
        return ConnectorHTTPRequest(method: method, path: path, headers: headers, body: body)
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
        let canonical = try CanonicalMessage.response(.init(
            requestID: requestID, partner: partnerID, status: response.status, timestamp: timestamp, nonce: nonce, keyID: keyID,
            replayed: replayed == "true", body: response.body, algorithm: key.algorithm
        ))
        guard key.isValidSignature(signature, for: canonical) else {
            throw ConnectorError(.invalidResponse, "The response's signature does not verify: it was altered on the way.")
        }
    }
}
