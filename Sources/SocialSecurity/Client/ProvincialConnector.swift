import Foundation
import IDCore

/// The partner side of the protocol: builds the national envelope, signs it, sends it to the
/// platform the ``ConnectorRouting`` picks, and accepts only an answer that platform signed for
/// this very request.
///
/// A message is retried only where that is safe: after a transport failure or a retryable code,
/// with a fresh nonce and timestamp but the same message id and envelope, so a state-changing
/// message takes effect once. Sign an operator in to get a ``ConnectorSession`` for the
/// transactions; money that must be paid exactly once goes through a ``SettlementDesk``.
///
/// ```swift
/// let connector = try ProvincialConnector(
///     institution: InstitutionCode("H44030500017"), institutionName: "北京大学深圳医院", treatmentArea: InsuranceArea("440300"),
///     signingKey: hospitalKey, directory: directory, transport: HTTPTransport())
/// let session = try await connector.signIn(ConnectorOperator(code: "C0012", name: "张敏"), macAddress: mac, ipAddress: ip)
/// let person = try await session.personInfo(PersonInfoQuery(credential: .electronicVoucher(scannedToken)))
/// ```
public struct ProvincialConnector: Sendable {
    /// The institution the platforms know this connector by.
    public let institution: InstitutionCode
    /// Its name, as registered (`fixmedins_name`).
    public let institutionName: String
    /// Where the institution is (`mdtrtarea_admvs` of every message).
    public let treatmentArea: InsuranceArea
    /// Which platform each message goes to.
    public let routing: ConnectorRouting
    /// The ids of this process's messages.
    public let messageIDs: MessageIDGenerator
    private let signingKey: ConnectorSigningKey
    private let directory: ConnectorDirectory
    private let transport: any ConnectorTransport
    private let receiverSystem: String
    private let window: TimeInterval
    private let retryPolicy: RetryPolicy
    private let circuitBreaker: CircuitBreaker
    private let random: any RandomByteSource
    private let clock: @Sendable () -> Date
    private let sleep: @Sendable (TimeInterval) async throws -> Void

    /// - Parameters:
    ///   - receiverSystem: `recer_sys_code`, as the platform assigned it.
    ///   - terminal: this process's number among the institution's senders (0 to 9), so that
    ///     message ids never collide (``MessageIDGenerator``); nil for the institution's only sender.
    ///   - retryPolicy: when to try a message again; see ``RetryPolicy``.
    ///   - circuitBreaker: shared by the connectors of one process, one circuit per platform.
    ///   - sleep: how to wait between attempts (tests pass one that returns at once).
    public init(
        institution: InstitutionCode, institutionName: String, treatmentArea: InsuranceArea, signingKey: ConnectorSigningKey,
        directory: ConnectorDirectory, routing: ConnectorRouting = .placeOfTreatment, transport: any ConnectorTransport,
        receiverSystem: String = "HSA", terminal: Int? = nil, window: TimeInterval = 300, retryPolicy: RetryPolicy = RetryPolicy(),
        circuitBreaker: CircuitBreaker = CircuitBreaker(), random: any RandomByteSource = SecureRandom(),
        clock: @escaping @Sendable () -> Date = Date.init,
        sleep: @escaping @Sendable (TimeInterval) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) throws {
        self.institution = institution
        self.institutionName = institutionName
        self.treatmentArea = treatmentArea
        self.routing = routing
        self.messageIDs = try MessageIDGenerator(institution: institution, terminal: terminal, clock: clock)
        self.signingKey = signingKey
        self.directory = directory
        self.transport = transport
        self.receiverSystem = receiverSystem
        self.window = window
        self.retryPolicy = retryPolicy
        self.circuitBreaker = circuitBreaker
        self.random = random
        self.clock = clock
        self.sleep = sleep
    }

    /// 9001: signs `operator` in at the institution's platform, or, for a connector routed by
    /// the place of insurance, at the platform of `area`; the session carries its `sign_no` in
    /// every message after.
    public func signIn(_ operator: ConnectorOperator, macAddress: String, ipAddress: String, at area: InsuranceArea? = nil) async throws -> ConnectorSession {
        let input = SignInInput(operatorCode: `operator`.code, macAddress: macAddress, ipAddress: ipAddress)
        let output = try await call(InterfaceMethods.signIn, input, operator: `operator`, signInNumber: nil, insuredArea: area)
        return ConnectorSession(connector: self, operator: `operator`, signInNumber: output.signInNumber)
    }

    // MARK: Messages

    /// The envelope of message `messageID`, made at the time the id carries: this institution,
    /// the operator, the areas, the input.
    func envelope(_ transaction: InterfaceTransaction, input: JSONValue, operator: ConnectorOperator, signInNumber: String?,
                  insuredArea: InsuranceArea?, messageID: MessageID) -> InterfaceRequest {
        InterfaceRequest(
            transaction: transaction, messageID: messageID, treatmentArea: treatmentArea, insuredArea: insuredArea,
            receiverSystem: receiverSystem, signatureType: signingKey.key.algorithm.joseName, signatureKeyID: signingKey.keyID,
            operatorType: `operator`.type, operatorCode: `operator`.code, operatorName: `operator`.name, time: messageID.sentAt,
            institution: institution, institutionName: institutionName, signInNumber: signInNumber, input: input
        )
    }

    /// Sends a new message and reads its output, or throws its refusal.
    func call<Input, Output>(_ method: InterfaceMethod<Input, Output>, _ input: Input, operator: ConnectorOperator, signInNumber: String?,
                             insuredArea: InsuranceArea?) async throws -> Output {
        let request = envelope(method.transaction, input: input.json, operator: `operator`, signInNumber: signInNumber, insuredArea: insuredArea,
                               messageID: try await messageIDs.next())
        return try output(of: await transmit(request), as: method)
    }

    /// The output of an accepted answer, or the refusal it carries.
    func output<Input, Output>(of response: InterfaceResponse, as method: InterfaceMethod<Input, Output>) throws -> Output {
        if var refusal = response.error {
            refusal.isVerified = true
            throw refusal
        }
        do {
            return try Output(jsonValue: response.output)
        } catch {
            throw ConnectorError(.invalidResponse, "The platform's answer to \(method.transaction) does not fit it: \(Self.describe(error))")
        }
    }

    /// Sends `request` until a signed answer comes: retryable failures are tried again with the
    /// same message id and envelope, a fresh nonce and timestamp each time. The answer may be an
    /// acceptance or a business refusal; both are the platform's verified word.
    public func transmit(_ request: InterfaceRequest) async throws -> InterfaceResponse {
        let platform = try route(request)
        guard platform.transactions.contains(request.transaction) else {
            throw ConnectorError(.transactionNotSupported, "Platform \(platform.area) does not offer \(request.transaction).")
        }
        let body = request.json.serializedData
        var attempt = 1
        while true {
            try circuitBreaker.admit(platform.area.code)
            do {
                let response = try await exchange(body, with: platform)
                circuitBreaker.recordSuccess(platform.area.code)
                return response
            } catch let error as ConnectorError where error.code.isRetryable {
                circuitBreaker.recordFailure(platform.area.code)
                guard attempt < retryPolicy.maximumAttempts else { throw error }
                let draw = Double(try random.bytes(count: 4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) / 4_294_967_296
                try await sleep(retryPolicy.delay(after: attempt, draw: draw, retryAfter: error.retryAfter))
                attempt += 1
            }
        }
    }

    /// The platform for a message, as the routing says.
    private func route(_ request: InterfaceRequest) throws -> ConnectorDirectory.Platform {
        switch routing {
        case .placeOfTreatment:
            return try directory.platform(for: treatmentArea)
        case .placeOfInsurance:
            guard let area = request.insuredArea else {
                throw ConnectorError(.unknownArea, "\(request.transaction) is routed by the patient's place of insurance, and the message names none.")
            }
            return try directory.platform(for: area)
        }
    }

    /// One signed request and its verified answer: an accepted or refused envelope, or a thrown
    /// gateway refusal (verified when it was signed) or transport failure.
    private func exchange(_ body: Data, with platform: ConnectorDirectory.Platform) async throws -> InterfaceResponse {
        let request = try signedRequest(body, for: platform)
        let response: ConnectorHTTPResponse
        do {
            response = try await transport.send(request, to: platform.endpoint)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.transportFailure, "The request to platform \(platform.area) failed: \(error.localizedDescription)")
        }
        guard response.headers[ProtocolHeader.signature] != nil else { throw unsignedRefusal(response, from: platform) }
        try verify(response, for: request, platform: platform)
        let envelope: InterfaceResponse
        do {
            envelope = try InterfaceResponse(json: JSONObjectReader(JSONValue(parsing: response.body)))
        } catch {
            throw ConnectorError(.invalidResponse, "Platform \(platform.area)'s signed answer is not an answer envelope: \(Self.describe(error))")
        }
        // A gateway's own refusal (a bad signature, a replayed nonce, an outage) comes with its
        // HTTP status; a business answer, accepted or refused, with 200.
        if response.status != 200 {
            var error = envelope.error ?? ConnectorError(.invalidResponse, "Platform \(platform.area) answered HTTP \(response.status) with infcode 0.")
            error.isVerified = true
            error.retryAfter = response.headers[ProtocolHeader.retryAfter].flatMap(TimeInterval.init)
            throw error
        }
        return envelope
    }

    /// What an unsigned answer says, as an error that is never taken as the platform's word: a
    /// proxy's 502–504 or an unsigned gateway refusal (anything in between could have made it).
    private func unsignedRefusal(_ response: ConnectorHTTPResponse, from platform: ConnectorDirectory.Platform) -> ConnectorError {
        var error: ConnectorError
        if [502, 503, 504].contains(response.status) {
            error = ConnectorError(.bureauUnavailable, "Platform \(platform.area)'s front end answered HTTP \(response.status).")
        } else if let envelope = try? InterfaceResponse(json: JSONObjectReader(JSONValue(parsing: response.body))), let refusal = envelope.error {
            error = ConnectorError(refusal.code, "\(refusal.reason) (an unsigned answer: it could not be verified as platform \(platform.area)'s)")
        } else {
            error = ConnectorError(.invalidResponse, "Platform \(platform.area) answered HTTP \(response.status) without a signature.")
        }
        error.retryAfter = response.headers[ProtocolHeader.retryAfter].flatMap(TimeInterval.init)
        return error
    }

    /// Signs the envelope for the endpoint's path.
    private func signedRequest(_ body: Data, for platform: ConnectorDirectory.Platform) throws -> ConnectorHTTPRequest {
        let timestamp = ChinaTime(clock()).rfc3339
        let nonce = try random.bytes(count: 16).base64URLEncodedString()
        let canonical = try CanonicalMessage.request(.init(
            path: platform.path, timestamp: timestamp, nonce: nonce, partner: institution.code, keyID: signingKey.keyID, body: body,
            algorithm: signingKey.key.algorithm
        ))
        var headers = ConnectorHTTPHeaders()
        try headers.add(ProtocolHeader.contentType, "application/json;charset=utf-8")
        try headers.add(ProtocolHeader.partner, institution.code)
        try headers.add(ProtocolHeader.keyID, signingKey.keyID)
        try headers.add(ProtocolHeader.timestamp, timestamp)
        try headers.add(ProtocolHeader.nonce, nonce)
        try headers.add(ProtocolHeader.signature, try signingKey.key.signature(for: canonical).rawRepresentation.base64URLEncodedString())
        return ConnectorHTTPRequest(method: "POST", path: platform.path, headers: headers, body: body)
    }

    /// The answer must be signed by a key of this platform, for this request, recently.
    private func verify(_ response: ConnectorHTTPResponse, for request: ConnectorHTTPRequest, platform: ConnectorDirectory.Platform) throws {
        let headers = response.headers
        guard let requestID = headers[ProtocolHeader.requestID], requestID == request.headers[ProtocolHeader.nonce] else {
            throw ConnectorError(.invalidResponse, "The answer does not name this request: it may be a replay of another answer.")
        }
        guard let keyID = headers[ProtocolHeader.keyID], let key = platform.keys[keyID] else {
            throw ConnectorError(.invalidResponse, "The answer is not signed with a key of platform \(platform.area).")
        }
        guard let timestamp = headers[ProtocolHeader.timestamp], let nonce = headers[ProtocolHeader.nonce],
              let replayed = headers[ProtocolHeader.replayed], let signatureText = headers[ProtocolHeader.signature],
              let signatureBytes = Data(base64URLEncoded: signatureText),
              let signature = try? Signature(rawRepresentation: signatureBytes, algorithm: key.algorithm)
        else { throw ConnectorError(.invalidResponse, "The answer's signature headers are missing, repeated or malformed.") }
        guard let signedAt = try? ChinaTime.parseRFC3339(timestamp) else {
            throw ConnectorError(.invalidResponse, "The answer's timestamp is not an RFC 3339 time.")
        }
        let skew = signedAt.timeIntervalSince(clock())
        guard abs(skew) <= window else {
            throw ConnectorError(.invalidResponse, "The answer is dated \(Int(skew.rounded())) s from this clock; the window is ±\(Int(window)) s.")
        }
        let canonical = try CanonicalMessage.response(.init(
            requestID: requestID, partner: institution.code, status: response.status, timestamp: timestamp, nonce: nonce, keyID: keyID,
            replayed: replayed == "true", body: response.body, algorithm: key.algorithm
        ))
        guard key.isValidSignature(signature, for: canonical) else {
            throw ConnectorError(.invalidResponse, "The answer's signature does not verify: it was altered on the way.")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ConnectorError: error.reason
        case let error as IDCoreError: error.reason
        case let error as DecodingError: error.memberDescription
        default: "\(type(of: error))"
        }
    }
}
