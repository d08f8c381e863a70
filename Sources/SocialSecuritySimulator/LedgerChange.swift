import Foundation
import IDCore
import SocialSecurity

/// One change to a ``PlatformLedger``, as a ``PlatformJournal`` keeps it: the ledger operation,
/// its arguments and the message's context. The ledger's operations are deterministic (their ids
/// come from its own sequence, their times from the context), so applying the same changes in
/// the same order to the same people gives every instance the same ledger.
enum LedgerChange {
    case signIn(SignInInput)
    case signOut(SignOutInput)
    case register(RegistrationInput)
    case cancelRegistration(RegistrationCancellation)
    case recordVisit(VisitInformation)
    case uploadFeeDetails(FeeDetailUpload)
    case cancelFeeDetails(FeeDetailCancellation)
    case settle(SettlementInput)
    case reverseSettlement(SettlementReversalInput)
    case reverseMessage(MessageID, InterfaceTransaction)
    /// What the insured area's platform answered a relayed message.
    case mirror(SettlementResult?, output: JSONValue)
    /// A relayed 2601 that the insured area's platform accepted.
    case voidMirrored(MessageID)

    /// What an operation answered, in the form its handler method returns.
    enum Outcome {
        case output(JSONValue)
        case settlement(SettlementOutcome)
        case reversal(ReversalOutcome)
        case none

        /// The output of an operation that answers one.
        var output: JSONValue {
            get throws {
                guard case .output(let json) = self else { throw ConnectorError(.internalError, "The ledger answered no output.") }
                return json
            }
        }
    }

    /// Applies the change; throws, leaving the ledger as it was, if the ledger refuses it.
    func apply(to ledger: inout PlatformLedger, context: InterfaceContext, catalogue: ServiceCatalogue, policy: OutpatientPolicy) throws -> Outcome {
        switch self {
        case .signIn(let input): return .output(ledger.signIn(input, context: context).json)
        case .signOut(let input): return .output(try ledger.signOut(input, context: context).json)
        case .register(let input): return .output(try ledger.register(input, person: ledger.person(input.personNumber), context: context).json)
        case .cancelRegistration(let input): return .output(try ledger.cancelRegistration(input, context: context).json)
        case .recordVisit(let input): return .output(try ledger.recordVisit(input, context: context).json)
        case .uploadFeeDetails(let input): return .output(try ledger.uploadFeeDetails(input, catalogue: catalogue, context: context).json)
        case .cancelFeeDetails(let input): return .output(try ledger.cancelFeeDetails(input, context: context).json)
        case .settle(let input): return .settlement(try ledger.settle(input, policy: policy, context: context))
        case .reverseSettlement(let input): return .reversal(try ledger.reverseSettlement(input, context: context))
        case .reverseMessage(let original, let transaction):
            try ledger.reverseMessage(original, transaction: transaction, context: context)
            return .none
        case .mirror(let result, let output):
            ledger.mirror(result, context: context, output: output)
            return .none
        case .voidMirrored(let original):
            ledger.voidMirrored(settledBy: original, partner: context.partner.code, reversal: context.request.messageID)
            return .none
        }
    }

    // MARK: As the journal keeps it

    /// The change and its context as one JSON object.
    func payload(context: InterfaceContext) -> Data {
        var members: JSONObject = [
            "operation": .string(operation),
            "request": context.request.json,
            // As text, so that the instant comes back to the last bit.
            "received_at": .string(String(context.receivedAt.timeIntervalSince1970)),
        ]
        members["arguments"] = arguments
        return JSONValue.object(members).serializedData
    }

    /// Reads a change that ``payload(context:)`` wrote.
    static func read(_ payload: Data) throws -> (change: LedgerChange, context: InterfaceContext) {
        let json = try JSONObjectReader(JSONValue(parsing: payload))
        guard let seconds = TimeInterval(try json.string("received_at")) else {
            throw ConnectorError(.internalError, "A journaled change has an unreadable time.")
        }
        let context = InterfaceContext(request: try json.object("request", InterfaceRequest.init(json:)), receivedAt: Date(timeIntervalSince1970: seconds))
        let arguments = try json.value("arguments")
        let change: LedgerChange = switch try json.string("operation") {
        case "sign-in": .signIn(try SignInInput(jsonValue: arguments))
        case "sign-out": .signOut(try SignOutInput(jsonValue: arguments))
        case "register": .register(try RegistrationInput(jsonValue: arguments))
        case "cancel-registration": .cancelRegistration(try RegistrationCancellation(jsonValue: arguments))
        case "record-visit": .recordVisit(try VisitInformation(jsonValue: arguments))
        case "upload-fee-details": .uploadFeeDetails(try FeeDetailUpload(jsonValue: arguments))
        case "cancel-fee-details": .cancelFeeDetails(try FeeDetailCancellation(jsonValue: arguments))
        case "settle": .settle(try SettlementInput(jsonValue: arguments))
        case "reverse-settlement": .reverseSettlement(try SettlementReversalInput(jsonValue: arguments))
        case "reverse-message":
            .reverseMessage(try MessageID(JSONObjectReader(arguments).string("message")),
                            try JSONObjectReader(arguments).value("transaction", as: InterfaceTransaction.self))
        case "mirror":
            .mirror(try JSONObjectReader(arguments).member("result").flatMap { $0 == .null ? nil : try SettlementResult(jsonValue: $0) },
                    output: try JSONObjectReader(arguments).value("output"))
        case "void-mirrored": .voidMirrored(try MessageID(JSONObjectReader(arguments).string("message")))
        case let other: throw ConnectorError(.internalError, "A journaled change names an unknown operation '\(other)'.")
        }
        return (change, context)
    }

    private var operation: String {
        switch self {
        case .signIn: "sign-in"
        case .signOut: "sign-out"
        case .register: "register"
        case .cancelRegistration: "cancel-registration"
        case .recordVisit: "record-visit"
        case .uploadFeeDetails: "upload-fee-details"
        case .cancelFeeDetails: "cancel-fee-details"
        case .settle: "settle"
        case .reverseSettlement: "reverse-settlement"
        case .reverseMessage: "reverse-message"
        case .mirror: "mirror"
        case .voidMirrored: "void-mirrored"
        }
    }

    private var arguments: JSONValue {
        switch self {
        case .signIn(let input): input.json
        case .signOut(let input): input.json
        case .register(let input): input.json
        case .cancelRegistration(let input): input.json
        case .recordVisit(let input): input.json
        case .uploadFeeDetails(let input): input.json
        case .cancelFeeDetails(let input): input.json
        case .settle(let input): input.json
        case .reverseSettlement(let input): input.json
        case .reverseMessage(let original, let transaction): .object(["message": .string(original.text), "transaction": .string(transaction.rawValue)])
        case .mirror(let result, let output): .object(["result": result?.json ?? .null, "output": output])
        case .voidMirrored(let original): .object(["message": .string(original.text)])
        }
    }
}
