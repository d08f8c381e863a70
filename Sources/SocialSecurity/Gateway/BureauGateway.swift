import Foundation
import IDCore

/// The bureau side of the protocol, to put behind whatever HTTP server the bureau runs: it takes
/// a raw request and returns the raw response.
///
/// In order: the partner is registered, the key is one of its current keys, the timestamp is in
/// the window, the signature verifies over the canonical request (body digest computed over the
/// bytes received), the nonce is new, the partner may call the transaction, idempotency is
/// applied, the body decodes, the ``BureauHandler`` runs, and the answer is signed.
///
/// ```swift
/// let gateway = BureauGateway(bureauID: "440300", signingKey: bureauKey, partners: registry, handler: adapter)
/// // in the HTTP server's route:
/// let response = await gateway.handle(ConnectorHTTPRequest(method: method, path: path, query: query, headers: headers, body: body))
/// ```
public struct BureauGateway: Sendable {
    /// The bureau's identifier, put in every answer.
    public let bureauID: String
    /// The accepted clock difference and nonce memory, in seconds.
    public let window: TimeInterval
    /// What `GET /v1/capabilities` publishes: the transactions offered and the current keys.
    public let capabilities: BureauCapabilities
    private let signingKey: ConnectorSigningKey
    private let partners: PartnerRegistry
    private let handler: any BureauHandler
    private let nonceStore: any NonceStore
    private let idempotencyStore: any IdempotencyStore
    private let clock: @Sendable () -> Date
    private let random: any RandomByteSource

    /// - Parameters:
    ///   - publishedKeys: the bureau keys to announce besides the signing key (the next key,
    ///     before a rotation).
    ///   - offeredTransactions: what the bureau serves; others answer `transaction-not-allowed`.
    public init(
        bureauID: String, signingKey: ConnectorSigningKey, partners: PartnerRegistry, handler: any BureauHandler,
        publishedKeys: [VerificationKey] = [], offeredTransactions: [Transaction] = Transaction.allCases,
        nonceStore: any NonceStore = InMemoryNonceStore(), idempotencyStore: any IdempotencyStore = InMemoryIdempotencyStore(),
        window: TimeInterval = 300, random: any RandomByteSource = SecureRandom(), clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.capabilities = BureauCapabilities(bureau: bureauID, transactions: offeredTransactions,
                                               keys: [signingKey.key.publicKey] + publishedKeys, windowSeconds: Int(window))
        self.bureauID = bureauID
        self.signingKey = signingKey
        self.partners = partners
        self.handler = handler
        self.nonceStore = nonceStore
        self.idempotencyStore = idempotencyStore
        self.window = window
        self.random = random
        self.clock = clock
    }

    /// Handles one request; never throws: every failure becomes a catalogue error response.
    public func handle(_ request: ConnectorHTTPRequest) async -> ConnectorHTTPResponse {
        let partner = request.headers[ProtocolHeader.partner] ?? ""
        let requestID = request.headers[ProtocolHeader.nonce] ?? ""
        do {
            let (route, partnerID, idempotencyKey) = try await authenticate(request)
            guard case .transaction(let transaction) = route else {
                return sign(status: 200, body: try ProtocolJSON.encode(capabilities), requestID: requestID, partner: partnerID, replayed: false)
            }
            guard let idempotencyKey else {
                let (status, body) = await run(transaction, body: request.body, partner: partnerID)
                return sign(status: status, body: body, requestID: requestID, partner: partnerID, replayed: false)
            }
            let digest = try HashFunction.sha256.hash(request.body).base64URLEncodedString()
            switch await idempotencyStore.begin(partner: partnerID, key: idempotencyKey, digest: digest) {
            case .replay(let stored):
                return sign(status: stored.status, body: stored.body, requestID: requestID, partner: partnerID, replayed: true)
            case .conflict:
                throw ConnectorError(.idempotencyConflict, "Idempotency key \(idempotencyKey) was used before with a different body.")
            case .inProgress:
                throw ConnectorError(.requestInProgress, "The first request with idempotency key \(idempotencyKey) is still being processed; retry later.")
            case .granted:
                let (status, body) = await run(transaction, body: request.body, partner: partnerID)
                if status >= 500 {
                    await idempotencyStore.abandon(partner: partnerID, key: idempotencyKey)
                } else {
                    await idempotencyStore.complete(partner: partnerID, key: idempotencyKey, response: StoredResponse(status: status, body: body))
                }
                return sign(status: status, body: body, requestID: requestID, partner: partnerID, replayed: false)
            }
        } catch let error as ConnectorError {
            return errorResponse(error, requestID: requestID, partner: partner)
        } catch let error as IDCoreError {
            return errorResponse(ConnectorError(error), requestID: requestID, partner: partner)
        } catch {
            return errorResponse(ConnectorError(.internalError, "Unexpected failure."), requestID: requestID, partner: partner)
        }
    }

    private enum Route {
        case transaction(Transaction)
        case capabilities
    }

    /// Every check before the transaction runs; returns the route, the partner and the
    /// idempotency key a state-changing transaction carries.
    private func authenticate(_ request: ConnectorHTTPRequest) async throws -> (Route, String, String?) {
        let route: Route
        let method = request.method.uppercased()
        if method == "GET", request.path.hasSuffix("/v1/capabilities") {
            route = .capabilities
        } else if method == "POST", let transaction = Transaction(path: request.path) {
            route = .transaction(transaction)
        } else {
            throw ConnectorError(.malformedRequest, "\(request.method) \(request.path) is not a transaction of protocol version 1.")
        }
        let headers = request.headers
        func required(_ name: String) throws -> String {
            guard let value = headers[name], !value.isEmpty else { throw ConnectorError(.malformedRequest, "Header \(name) is missing.") }
            return value
        }
        let partnerID = try required(ProtocolHeader.partner)
        let keyID = try required(ProtocolHeader.keyID)
        let algorithmName = try required(ProtocolHeader.algorithm)
        let timestamp = try required(ProtocolHeader.timestamp)
        let nonce = try required(ProtocolHeader.nonce)
        let signatureText = try required(ProtocolHeader.signature)
        let idempotencyKey = headers[ProtocolHeader.idempotencyKey]
        try ProtocolToken.check(nonce, name: ProtocolHeader.nonce)
        if let idempotencyKey { try ProtocolToken.check(idempotencyKey, name: ProtocolHeader.idempotencyKey) }

        guard let partner = partners[partnerID] else { throw ConnectorError(.unknownPartner, "Partner '\(partnerID)' is not registered with bureau \(bureauID).") }
        guard let key = partner.keys[keyID] else { throw ConnectorError(.unknownKey, "Key '\(keyID)' is not a current key of partner '\(partnerID)'.") }
        guard algorithmName == key.algorithm.joseName else {
            throw ConnectorError(.signatureInvalid, "Key '\(keyID)' signs with \(key.algorithm.joseName), not \(algorithmName).")
        }
        let now = clock()
        let skew = try ProtocolTime.parse(timestamp).timeIntervalSince(now)
        guard abs(skew) <= window else {
            throw ConnectorError(.timestampOutOfWindow, "The request is \(Int(abs(skew).rounded())) s \(skew > 0 ? "ahead of" : "behind") the bureau's clock; the window is ±\(Int(window)) s.")
        }
        guard let signatureBytes = Data(base64URLEncoded: signatureText),
              let signature = try? Signature(rawRepresentation: signatureBytes, algorithm: key.algorithm)
        else { throw ConnectorError(.signatureInvalid, "The signature is not base64url of a \(key.algorithm.joseName) signature.") }
        let canonical = try CanonicalMessage.request(.init(
            method: request.method, path: request.path, query: request.query, timestamp: timestamp, nonce: nonce, partner: partnerID,
            keyID: keyID, idempotencyKey: idempotencyKey, body: request.body, algorithm: key.algorithm
        ))
        guard key.isValidSignature(signature, for: canonical) else {
            throw ConnectorError(.signatureInvalid, "The signature does not verify over the canonical request: the request was altered or signed with another key.")
        }
        guard await nonceStore.consume("\(partnerID)\u{0}\(nonce)", at: now, until: now.addingTimeInterval(2 * window)) else {
            throw ConnectorError(.replayedNonce, "Nonce \(nonce) was used before: the request is a replay.")
        }
        guard case .transaction(let transaction) = route else { return (route, partnerID, nil) }
        guard partner.allowedTransactions.contains(transaction), capabilities.transactions.contains(transaction) else {
            throw ConnectorError(.transactionNotAllowed, "Partner '\(partnerID)' may not call \(transaction.rawValue).")
        }
        if transaction.isStateChanging, idempotencyKey == nil {
            throw ConnectorError(.idempotencyKeyRequired, "\(transaction.rawValue) changes state and needs an \(ProtocolHeader.idempotencyKey).")
        }
        return (route, partnerID, transaction.isStateChanging ? idempotencyKey : nil)
    }

    /// Decodes the body, runs the handler and encodes its answer or its error.
    private func run(_ transaction: Transaction, body: Data, partner: String) async -> (status: Int, body: Data) {
        do {
            let answer: Data = switch transaction {
            case .bindCard: try ProtocolJSON.encode(await handler.bindCard(ProtocolJSON.decodeRequest(BindCardRequest.self, from: body), partner: partner))
            case .cardStatus: try ProtocolJSON.encode(await handler.cardStatus(ProtocolJSON.decodeRequest(CardStatusRequest.self, from: body), partner: partner))
            case .eligibility: try ProtocolJSON.encode(await handler.eligibility(ProtocolJSON.decodeRequest(EligibilityRequest.self, from: body), partner: partner))
            case .appointmentSlots: try ProtocolJSON.encode(await handler.appointmentSlots(ProtocolJSON.decodeRequest(SlotsRequest.self, from: body), partner: partner))
            case .bookAppointment: try ProtocolJSON.encode(await handler.bookAppointment(ProtocolJSON.decodeRequest(BookingRequest.self, from: body), partner: partner))
            case .cancelAppointment: try ProtocolJSON.encode(await handler.cancelAppointment(ProtocolJSON.decodeRequest(CancellationRequest.self, from: body), partner: partner))
            case .estimateSettlement: try ProtocolJSON.encode(await handler.estimateSettlement(ProtocolJSON.decodeRequest(SettlementRequest.self, from: body), partner: partner))
            case .settle: try ProtocolJSON.encode(await handler.settle(ProtocolJSON.decodeRequest(SettlementRequest.self, from: body), partner: partner))
            case .reverseSettlement: try ProtocolJSON.encode(await handler.reverseSettlement(ProtocolJSON.decodeRequest(ReversalRequest.self, from: body), partner: partner))
            case .refund: try ProtocolJSON.encode(await handler.refund(ProtocolJSON.decodeRequest(RefundRequest.self, from: body), partner: partner))
            case .reconciliation: try ProtocolJSON.encode(await handler.reconciliation(ProtocolJSON.decodeRequest(ReconciliationRequest.self, from: body), partner: partner))
            }
            return (200, answer)
        } catch let error as ConnectorError {
            return (error.code.httpStatus, (try? ProtocolJSON.encode(ProtocolJSON.ErrorBody(error))) ?? Data())
        } catch let error as IDCoreError {
            let wrapped = ConnectorError(.malformedRequest, "A value in the body is invalid: \(error.reason)")
            return (wrapped.code.httpStatus, (try? ProtocolJSON.encode(ProtocolJSON.ErrorBody(wrapped))) ?? Data())
        } catch {
            let wrapped = ConnectorError(.internalError, "The bureau could not process the request.")
            return (500, (try? ProtocolJSON.encode(ProtocolJSON.ErrorBody(wrapped))) ?? Data())
        }
    }

    private func errorResponse(_ error: ConnectorError, requestID: String, partner: String) -> ConnectorHTTPResponse {
        let body = (try? ProtocolJSON.encode(ProtocolJSON.ErrorBody(error))) ?? Data()
        return sign(status: error.code.httpStatus, body: body, requestID: requestID, partner: partner, replayed: false)
    }

    /// Signs a response over the request id, partner, status, time, nonce and body digest.
    private func sign(status: Int, body: Data, requestID: String, partner: String, replayed: Bool) -> ConnectorHTTPResponse {
        var headers: HTTPHeaders = [ProtocolHeader.contentType: "application/json"]
        do {
            let timestamp = ProtocolTime.format(clock())
            let nonce = try random.bytes(count: 16).base64URLEncodedString()
            let canonical = try CanonicalMessage.response(.init(
                requestID: requestID, partner: partner, status: status, timestamp: timestamp, nonce: nonce, keyID: signingKey.keyID,
                replayed: replayed, body: body, algorithm: signingKey.key.algorithm
            ))
            headers[ProtocolHeader.requestID] = requestID
            headers[ProtocolHeader.keyID] = signingKey.keyID
            headers[ProtocolHeader.algorithm] = signingKey.key.algorithm.joseName
            headers[ProtocolHeader.timestamp] = timestamp
            headers[ProtocolHeader.nonce] = nonce
            headers[ProtocolHeader.replayed] = replayed ? "true" : "false"
            headers[ProtocolHeader.signature] = try signingKey.key.signature(for: canonical).rawRepresentation.base64URLEncodedString()
        } catch {
            // An unsigned answer: the client refuses it as invalid, which is the safe outcome.
        }
        return ConnectorHTTPResponse(status: status, headers: headers, body: body)
    }
}
