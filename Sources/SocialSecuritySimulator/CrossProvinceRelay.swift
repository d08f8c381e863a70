import Foundation
import IDCore
import SocialSecurity

/// How a simulated platform settles a patient insured elsewhere: it passes the institution's
/// message on to the platform of the patient's place of insurance, over the same protocol, as a
/// partner of that platform (the part the national cross-province settlement hub plays).
///
/// Each message relayed keeps one relayed message id for as long as the platform lives, so a
/// message the institution sends again is relayed again under the same id and the insured
/// area's platform applies it once.
public actor CrossProvinceRelay {
    private let connector: ProvincialConnector
    private let relayOperator = ConnectorOperator(type: .kiosk, code: "RELAY", name: "跨省结算")
    private var sessions: [InsuranceArea: ConnectorSession] = [:]
    private var relayedIDs: [String: MessageID] = [:]

    /// - Parameter connector: the platform's own connector, routed by the place of insurance,
    ///   with the platforms of the other areas in its directory.
    public init(connector: ProvincialConnector) {
        self.connector = connector
    }

    /// Relays the institution's message; the verified answer of the insured area's platform, or
    /// `insured-area-not-connected`, or `bureau-unavailable` while that platform cannot be
    /// reached (the institution's retry relays the same message again).
    func relay(_ context: InterfaceContext) async throws -> InterfaceResponse {
        try await relay(context.request.transaction, input: context.request.input, key: key(context.partner, context.request.messageID),
                        insuredArea: context.request.insuredArea, stateChanging: context.request.transaction.isStateChanging)
    }

    /// 1101 for a person another area insures.
    func relayPersonInfo(_ query: PersonInfoQuery, insuredArea: InsuranceArea) async throws -> InterfaceResponse {
        try await relay(.personInfo, input: query.json, key: nil, insuredArea: insuredArea, stateChanging: false)
    }

    /// Relays a 2601 of the institution's message `original`, if that message was relayed;
    /// false when it never was (so there is nothing to reverse at the other platform).
    func relayReversal(of original: MessageID, transaction: InterfaceTransaction, personNumber: String, context: InterfaceContext) async throws -> InterfaceResponse? {
        guard let relayed = relayedIDs[key(context.partner, original)] else { return nil }
        let input = MessageReversalInput(personNumber: personNumber, originalMessageID: relayed, originalTransaction: transaction)
        return try await relay(.messageReversal, input: input.json, key: key(context.partner, context.request.messageID),
                               insuredArea: context.request.insuredArea, stateChanging: true)
    }

    private func key(_ partner: InstitutionCode, _ messageID: MessageID) -> String { "\(partner.code)\u{0}\(messageID.text)" }

    private func relay(_ transaction: InterfaceTransaction, input: JSONValue, key: String?, insuredArea: InsuranceArea?, stateChanging: Bool) async throws -> InterfaceResponse {
        guard let insuredArea else {
            throw ConnectorError(.malformedRequest, "\(transaction) for a patient insured elsewhere needs insuplc_admdvs.")
        }
        var messageID = try await connector.messageIDs.next()
        if stateChanging, let key {
            // Assigned before the first send and kept: the retry relays the same message.
            if let existing = relayedIDs[key] { messageID = existing } else { relayedIDs[key] = messageID }
        }
        do {
            let session = try await signedIn(at: insuredArea)
            let request = session.envelope(transaction, input: input, insuredArea: insuredArea, messageID: messageID)
            return try await connector.transmit(request)
        } catch let error as ConnectorError where error.code == .unknownArea {
            throw ConnectorError(.insuredAreaNotConnected, "The patient is insured in \(insuredArea), whose platform is not connected for cross-province settlement here.")
        } catch let error as ConnectorError where !error.isVerified || error.code.isRetryable {
            throw ConnectorError(.bureauUnavailable, "The platform of \(insuredArea) cannot be reached now (\(error.code)); send the message again.")
        }
    }

    /// A session at the platform of `area`, signed in at the first message relayed there.
    private func signedIn(at area: InsuranceArea) async throws -> ConnectorSession {
        if let session = sessions[area] { return session }
        let opened = try await connector.signIn(relayOperator, macAddress: "00-00-00-00-00-00", ipAddress: "127.0.0.1", at: area)
        sessions[area] = opened
        return opened
    }
}
