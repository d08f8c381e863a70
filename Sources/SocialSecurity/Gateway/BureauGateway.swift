import Foundation
import IDCore
import Synchronization

/// The platform side of the protocol, to put behind whatever HTTP server the platform runs: it
/// takes a raw request and returns the raw response.
///
/// In order: the request is within the ``GatewayLimits``; the partner is registered and the key
/// is one of its current keys; the signature verifies over the canonical request (the digest
/// computed over the body bytes received). Up to here an answer is unsigned: nothing in the
/// request is the partner's own until its signature verifies, and an unauthenticated sender
/// cannot make the platform spend a signature. From here every answer is signed for the request:
/// the timestamp is in the window, the nonce is new, the envelope is the partner's and names a
/// transaction it may call, the message id of a state-changing message is claimed (a message sent
/// again is answered as the first time), the ``BureauHandler`` runs, and the answer is stored.
///
/// ```swift
/// let gateway = BureauGateway(platformArea: try InsuranceArea("440300"), signingKey: platformKey, partners: registry,
///                             handler: adapter, nonceStore: sharedNonces, idempotencyStore: sharedMessages)
/// // in the HTTP server's route:
/// let response = await gateway.handle(ConnectorHTTPRequest(method: method, path: path, headers: headers, body: body))
/// ```
///
/// There is no default store: two instances behind one address must share their nonce and
/// idempotency stores, or a message could be applied once by each.
public struct BureauGateway: Sendable {
    /// The platform's area, which its answers' ids begin with.
    public let platformArea: InsuranceArea
    /// What the gateway accepts.
    public let limits: GatewayLimits
    private let signingKey: ConnectorSigningKey
    private let partners: PartnerRegistry
    private let routes: GatewayRoutes
    private let nonceStore: any NonceStore
    private let idempotencyStore: any IdempotencyStore
    private let answerSequence = AnswerSequence()
    private let random: any RandomByteSource
    private let clock: @Sendable () -> Date

    /// - Parameters:
    ///   - nonceStore: remembers the partners' nonces; shared by every instance of the platform.
    ///   - idempotencyStore: keeps each state-changing message and its answer; shared likewise.
    public init(platformArea: InsuranceArea, signingKey: ConnectorSigningKey, partners: PartnerRegistry, handler: any BureauHandler,
                nonceStore: any NonceStore, idempotencyStore: any IdempotencyStore, limits: GatewayLimits = GatewayLimits(),
                random: any RandomByteSource = SecureRandom(), clock: @escaping @Sendable () -> Date = Date.init) {
        self.platformArea = platformArea
        self.signingKey = signingKey
        self.partners = partners
        self.routes = GatewayRoutes(handler: handler)
        self.nonceStore = nonceStore
        self.idempotencyStore = idempotencyStore
        self.limits = limits
        self.random = random
        self.clock = clock
    }

    /// Handles one request; never throws: every failure becomes an answer with its code.
    public func handle(_ request: ConnectorHTTPRequest) async -> ConnectorHTTPResponse {
        let receivedAt = clock()
        let sender: AuthenticatedSender
        do {
            try checkLimits(request)
            sender = try authenticate(request)
        } catch {
            return unsigned(Self.connectorError(error), receivedAt: receivedAt)
        }
        do {
            let envelope = try await admit(request, from: sender, now: receivedAt)
            let context = InterfaceContext(request: envelope, receivedAt: receivedAt)
            guard envelope.transaction.isStateChanging else {
                let outcome = await run(context)
                return sign(status: outcome.status, body: outcome.body, for: sender, replayed: false)
            }
            return try await runOnce(context, for: sender)
        } catch {
            let failure = Self.connectorError(error)
            return sign(status: failure.code.httpStatus, body: refusal(failure, receivedAt: receivedAt), for: sender, replayed: false,
                        retryAfter: failure.retryAfter)
        }
    }

    // MARK: Before the partner is known

    /// The unsigned answer to a request that the HTTP server in front refused before it had it
    /// whole (a body past ``GatewayLimits/maximumBodyBytes``, a client too slow to send): the
    /// answer the gateway itself gives such a request, so partners meet one protocol.
    public func unsignedRefusal(_ error: ConnectorError) -> ConnectorHTTPResponse {
        unsigned(error, receivedAt: clock())
    }

    private func checkLimits(_ request: ConnectorHTTPRequest) throws {
        guard request.headers.count <= limits.maximumHeaderFields,
              request.headers.reduce(0, { $0 + $1.name.utf8.count + $1.value.utf8.count }) <= limits.maximumHeaderBytes
        else {
            throw ConnectorError(.headersTooLarge, "The request has more than \(limits.maximumHeaderFields) header fields or \(limits.maximumHeaderBytes) bytes of them.")
        }
        guard request.body.count <= limits.maximumBodyBytes else {
            throw ConnectorError(.bodyTooLarge, "The body has \(request.body.count) bytes; the limit is \(limits.maximumBodyBytes).")
        }
        guard request.method == "POST" else {
            throw ConnectorError(.malformedRequest, "Every transaction is a POST.")
        }
    }

    /// The partner, key and nonce of a request whose signature verified.
    private struct AuthenticatedSender {
        let partner: PartnerRegistry.Partner
        let key: VerificationKey
        let keyID: String
        let nonce: String
        let timestamp: String
    }

    private func authenticate(_ request: ConnectorHTTPRequest) throws -> AuthenticatedSender {
        let headers = request.headers
        func required(_ name: String) throws -> String {
            guard let value = headers[name], !value.isEmpty else {
                throw ConnectorError(.malformedRequest, "Header \(name) is missing or repeated.")
            }
            return value
        }
        let partnerCode = try required(ProtocolHeader.partner)
        let keyID = try required(ProtocolHeader.keyID)
        let timestamp = try required(ProtocolHeader.timestamp)
        let nonce = try required(ProtocolHeader.nonce)
        let signatureText = try required(ProtocolHeader.signature)
        try ProtocolToken.check(nonce, name: ProtocolHeader.nonce)
        try ProtocolToken.checkKeyID(keyID)
        // Refusals name the partner only once its code is known to be a well-formed one.
        guard let partner = (try? InstitutionCode(partnerCode)).flatMap({ partners[$0.code] }) else {
            throw ConnectorError(.unknownPartner, "The partner is not registered with platform \(platformArea.code).")
        }
        guard let key = partner.keys[keyID] else {
            throw ConnectorError(.unknownKey, "Key '\(keyID)' is not a current key of partner \(partner.institution).")
        }
        guard let signatureBytes = Data(base64URLEncoded: signatureText),
              let signature = try? Signature(rawRepresentation: signatureBytes, algorithm: key.algorithm)
        else { throw ConnectorError(.signatureInvalid, "The signature is not base64url of a \(key.algorithm.joseName) signature.") }
        let canonical = try CanonicalMessage.request(.init(
            path: request.path, timestamp: timestamp, nonce: nonce, partner: partner.institution.code, keyID: keyID, body: request.body,
            algorithm: key.algorithm
        ))
        guard key.isValidSignature(signature, for: canonical) else {
            throw ConnectorError(.signatureInvalid, "The signature does not verify over the canonical request: the request was altered or signed with another key.")
        }
        return AuthenticatedSender(partner: partner, key: key, keyID: keyID, nonce: nonce, timestamp: timestamp)
    }

    // MARK: After the signature verified

    /// The window, the nonce and the envelope: what must hold before anything runs.
    private func admit(_ request: ConnectorHTTPRequest, from sender: AuthenticatedSender, now: Date) async throws -> InterfaceRequest {
        let skew = try ChinaTime.parseRFC3339(sender.timestamp).timeIntervalSince(now)
        guard abs(skew) <= limits.window else {
            throw ConnectorError(.timestampOutOfWindow, "The request is \(Int(abs(skew).rounded())) s \(skew > 0 ? "ahead of" : "behind") the platform's clock; the window is ±\(Int(limits.window)) s.")
        }
        do {
            guard try await nonceStore.consume("\(sender.partner.institution.code)\u{0}\(sender.nonce)", at: now, until: now.addingTimeInterval(2 * limits.window)) else {
                throw ConnectorError(.replayedNonce, "Nonce \(sender.nonce) was used before: the request is a replay.")
            }
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.bureauUnavailable, "The nonce store cannot answer, so a replay cannot be ruled out; nothing was run.")
        }
        let envelope = try InterfaceRequest(json: JSONObjectReader(JSONValue(parsing: request.body)))
        guard envelope.institution == sender.partner.institution else {
            throw ConnectorError(.malformedRequest, "The envelope's fixmedins_code \(envelope.institution) is not the signing partner \(sender.partner.institution).")
        }
        guard envelope.signatureKeyID == sender.keyID, envelope.signatureType == sender.key.algorithm.joseName else {
            throw ConnectorError(.malformedRequest, "The envelope's cainfo and signtype must name the signing key \(sender.keyID) and its algorithm \(sender.key.algorithm.joseName).")
        }
        guard sender.partner.allowedTransactions.contains(envelope.transaction) else {
            throw ConnectorError(.transactionNotAllowed, "Partner \(sender.partner.institution) may not call \(envelope.transaction).")
        }
        if envelope.transaction.requiresSignIn, envelope.signInNumber == nil {
            throw ConnectorError(.notSignedIn, "\(envelope.transaction) needs the operator's sign_no from 9001.")
        }
        if envelope.transaction == .messageReversal { try checkReversal(envelope) }
        return envelope
    }

    /// A 2601 may only name another message of the same partner, of a transaction it may undo.
    private func checkReversal(_ envelope: InterfaceRequest) throws {
        let reversal = try MessageReversalInput(jsonValue: envelope.input)
        guard reversal.originalMessageID.institution == envelope.institution, reversal.originalMessageID != envelope.messageID else {
            throw ConnectorError(.notFound, "Message \(reversal.originalMessageID) is not another message of \(envelope.institution).")
        }
        guard reversal.originalTransaction.isReversibleByMessage else {
            throw ConnectorError(.notReversible, "\(reversal.originalTransaction) cannot be reversed by 2601.")
        }
    }

    /// Runs a state-changing message once per message id.
    private func runOnce(_ context: InterfaceContext, for sender: AuthenticatedSender) async throws -> ConnectorHTTPResponse {
        let envelope = context.request
        let key = IdempotencyKey(partner: envelope.institution.code, messageID: envelope.messageID.text)
        let fingerprint = MessageFingerprint(transaction: envelope.transaction.rawValue,
                                             inputDigest: try HashFunction.sha256.hash(envelope.input.serialized).base64URLEncodedString())
        let claim: IdempotencyClaim
        do {
            claim = try await idempotencyStore.claim(key, fingerprint: fingerprint, now: context.receivedAt, lease: limits.claimLease)
        } catch {
            throw ConnectorError(.bureauUnavailable, "The message store cannot answer; nothing was run.")
        }
        switch claim {
        case .replay(let stored):
            return sign(status: stored.status, body: stored.body, for: sender, replayed: true)
        case .conflict(let held):
            throw ConnectorError(.idempotencyConflict, held.transaction == fingerprint.transaction
                ? "Message id \(key.messageID) was used before with another input."
                : "Message id \(key.messageID) was used before for transaction \(held.transaction).")
        case .inProgress(let until):
            var error = ConnectorError(.requestInProgress, "Message \(key.messageID) is still being processed; retry after \(ChinaTime(until).interfaceDateTime).")
            error.retryAfter = max(1, until.timeIntervalSince(context.receivedAt).rounded(.up))
            throw error
        case .reversed:
            throw ConnectorError(.messageReversed, "Message \(key.messageID) was reversed by 2601; it will not take effect.")
        case .granted(let token):
            let (status, body, succeeded) = await run(context)
            guard status < 500 else {
                try? await idempotencyStore.release(key, token: token)
                return sign(status: status, body: body, for: sender, replayed: false)
            }
            if envelope.transaction == .messageReversal, succeeded {
                let original = try MessageReversalInput(jsonValue: envelope.input).originalMessageID
                do {
                    try await idempotencyStore.markReversed(IdempotencyKey(partner: key.partner, messageID: original.text), now: context.receivedAt)
                } catch {
                    // The handler has fenced and undone the original; the retry this forces
                    // finds that done and marks the store then.
                    try? await idempotencyStore.release(key, token: token)
                    throw ConnectorError(.bureauUnavailable, "The message store cannot record the reversal; retry the 2601.")
                }
            }
            // The answer stands even if it cannot be stored: the ledger's business keys answer
            // a retry the same way.
            try? await idempotencyStore.complete(key, token: token, response: StoredResponse(status: status, body: body), now: clock())
            return sign(status: status, body: body, for: sender, replayed: false)
        }
    }

    /// Runs the handler: the answer's status and envelope, and whether it was a success.
    private func run(_ context: InterfaceContext) async -> (status: Int, body: Data, succeeded: Bool) {
        let envelope = context.request
        do {
            switch try await routes.run(envelope.transaction, input: envelope.input, context: context) {
            case .output(let output):
                return (200, answer(output: output, receivedAt: context.receivedAt), true)
            case .refusal(let error, let output):
                return (error.code.httpStatus, refusal(error, receivedAt: context.receivedAt, output: output), false)
            }
        } catch {
            let failure = Self.connectorError(error)
            return (failure.code.httpStatus, refusal(failure, receivedAt: context.receivedAt), false)
        }
    }

    // MARK: Answers

    private func answer(output: JSONValue, receivedAt: Date) -> Data {
        envelope(InterfaceResponse(code: 0, platformMessageID: nextAnswerID(), receivedAt: ChinaTime(receivedAt).compactWithMilliseconds,
                                   respondedAt: ChinaTime(clock()).compactWithMilliseconds, output: output))
    }

    private func refusal(_ error: ConnectorError, receivedAt: Date, output: JSONValue = .null) -> Data {
        envelope(InterfaceResponse(code: -1, platformMessageID: nextAnswerID(), receivedAt: ChinaTime(receivedAt).compactWithMilliseconds,
                                   respondedAt: ChinaTime(clock()).compactWithMilliseconds, errorMessage: error.reason, errorCode: error.code, output: output))
    }

    private func envelope(_ response: InterfaceResponse) -> Data { response.json.serializedData }

    /// `inf_refmsgid`: the platform's area (6), the time (14) and a sequence (10).
    private func nextAnswerID() -> String {
        let sequence = Int(answerSequence.next() % 10_000_000_000)
        let time = ChinaTime(clock())
        // Written into one string's storage: every answer has one.
        return String(unsafeUninitializedCapacity: 30) { buffer in
            var end = 0
            for byte in platformArea.code.utf8 {
                buffer[end] = byte
                end += 1
            }
            return buffer.writeDecimal(sequence, width: 10, at: time.writeCompact(into: buffer, at: end))
        }
    }

    /// The unsigned answer to a request refused before the gateway could read it: for the HTTP
    /// server in front, which enforces the limits before buffering a request (`headers-too-large`,
    /// `body-too-large`), cannot parse its header fields (`malformed-request`) or has no room for
    /// another connection (`bureau-unavailable`), so that it answers as the gateway would.
    public func refusal(_ code: ConnectorError.Code, _ reason: String) -> ConnectorHTTPResponse {
        unsigned(ConnectorError(code, reason), receivedAt: clock())
    }

    /// An answer to a request that could not be authenticated: its code, nothing signed, nothing
    /// of the request echoed.
    private func unsigned(_ error: ConnectorError, receivedAt: Date) -> ConnectorHTTPResponse {
        var headers = ConnectorHTTPHeaders()
        try? headers.add(ProtocolHeader.contentType, "application/json;charset=utf-8")
        return ConnectorHTTPResponse(status: error.code.httpStatus, headers: headers, body: refusal(error, receivedAt: receivedAt))
    }

    /// Signs an answer for the request: its nonce and partner, the status, the time, a fresh
    /// nonce, whether it is a replay, and the body's digest.
    private func sign(status: Int, body: Data, for sender: AuthenticatedSender, replayed: Bool, retryAfter: TimeInterval? = nil) -> ConnectorHTTPResponse {
        var headers = ConnectorHTTPHeaders()
        do {
            try headers.add(ProtocolHeader.contentType, "application/json;charset=utf-8")
            if let retryAfter { try headers.add(ProtocolHeader.retryAfter, String(Int(retryAfter.rounded(.up)))) }
            let timestamp = ChinaTime(clock()).rfc3339
            let nonce = try random.bytes(count: 16).base64URLEncodedString()
            let canonical = try CanonicalMessage.response(.init(
                requestID: sender.nonce, partner: sender.partner.institution.code, status: status, timestamp: timestamp, nonce: nonce,
                keyID: signingKey.keyID, replayed: replayed, body: body, algorithm: signingKey.key.algorithm
            ))
            // The request id is the nonce, checked as a token before use: nothing else of the
            // request is copied into a header.
            try headers.add(ProtocolHeader.requestID, sender.nonce)
            try headers.add(ProtocolHeader.keyID, signingKey.keyID)
            try headers.add(ProtocolHeader.timestamp, timestamp)
            try headers.add(ProtocolHeader.nonce, nonce)
            try headers.add(ProtocolHeader.replayed, replayed ? "true" : "false")
            try headers.add(ProtocolHeader.signature, try signingKey.key.signature(for: canonical).rawRepresentation.base64URLEncodedString())
        } catch {
            // An unsigned answer: the client refuses it as invalid, which is the safe outcome.
        }
        return ConnectorHTTPResponse(status: status, headers: headers, body: body)
    }

    /// Any error as a catalogue error: the gateway's own, a value's own check, a body that does
    /// not fit its message, or an unexpected failure.
    private static func connectorError(_ error: any Error) -> ConnectorError {
        switch error {
        case let error as ConnectorError: error
        case let error as IDCoreError: ConnectorError(.malformedRequest, "A value is invalid: \(error.reason)")
        case let error as DecodingError: ConnectorError(.malformedRequest, "The envelope or input does not fit the transaction: \(error.memberDescription)")
        default: ConnectorError(.internalError, "The platform could not process the message; nothing was applied.")
        }
    }
}

/// The sequence of a gateway's answer ids.
private final class AnswerSequence: Sendable {
    private let value = Mutex<UInt64>(0)

    func next() -> UInt64 { value.withLock { $0 += 1; return $0 } }
}
