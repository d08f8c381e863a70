import Foundation
import IDCore

/// The national interface's answer envelope (交易输出): `infcode` 0 with the transaction's
/// `output`, or -1 with `err_msg` and, as this protocol's extension, the stable `err_code` of the
/// error catalogue (Documentation/ConnectorProtocol.md §8), which a peer that knows only the
/// specification ignores.
public struct InterfaceResponse: Sendable, Hashable {
    /// `infcode`: 0 for success, -1 for a refusal.
    public var code: Int
    /// `inf_refmsgid`: the platform's id of the answer: its area (6), `yyyyMMddHHmmss` (14) and
    /// a sequence (10).
    public var platformMessageID: String
    /// `refmsg_time`: when the platform received the message, `yyyyMMddHHmmssSSS`.
    public var receivedAt: String
    /// `respond_time`: when it answered, `yyyyMMddHHmmssSSS`.
    public var respondedAt: String
    /// `err_msg`: what was wrong, for a refusal.
    public var errorMessage: String?
    /// `err_code`: the catalogue code of a refusal.
    public var errorCode: ConnectorError.Code?
    /// `output`: the transaction's own members (for some refusals, such as `already-settled`,
    /// what the earlier message produced).
    public var output: JSONValue

    /// Creates an answer.
    public init(code: Int, platformMessageID: String, receivedAt: String, respondedAt: String, errorMessage: String? = nil,
                errorCode: ConnectorError.Code? = nil, output: JSONValue) {
        self.code = code
        self.platformMessageID = platformMessageID
        self.receivedAt = receivedAt
        self.respondedAt = respondedAt
        self.errorMessage = errorMessage
        self.errorCode = errorCode
        self.output = output
    }

    /// Whether the platform accepted the message.
    public var isSuccess: Bool { code == 0 }

    /// The refusal as a ``ConnectorError``, or nil for a success. An `infcode` other than 0
    /// without an `err_code` (a platform that knows only the specification) is `internal-error`
    /// with the platform's message, which is retryable: a refusal of unknown meaning is not
    /// taken as final.
    public var error: ConnectorError? {
        guard !isSuccess else { return nil }
        return ConnectorError(errorCode ?? .internalError, errorMessage ?? "The platform refused the message (infcode \(code)) without saying why.")
    }

    package init(json: JSONObjectReader) throws {
        let infcode = try json.value("infcode")
        switch infcode {
        case .integer(let value) where Int(exactly: value) != nil: code = Int(value)
        case .string(let text) where Int(text) != nil: code = Int(text) ?? -1
        default: throw ConnectorError(.invalidResponse, "'infcode' is not a number.")
        }
        platformMessageID = try json.text("inf_refmsgid") ?? ""
        receivedAt = try json.text("refmsg_time") ?? ""
        respondedAt = try json.text("respond_time") ?? ""
        errorMessage = try json.text("err_msg")
        errorCode = try json.text("err_code").map(ConnectorError.Code.init(wire:))
        output = json.member("output") ?? .null
    }

    /// The answer as a JSON object; absent optional members are left out.
    package var json: JSONValue { JSONMembers(members).object }

    /// The members, listed in the order of their names so that the object needs no sorting.
    private var members: KeyValuePairs<String, JSONValue?> {
        [
            "err_code": errorCode.map { .string($0.rawValue) },
            "err_msg": errorMessage.map(JSONValue.string),
            "inf_refmsgid": .string(platformMessageID),
            "infcode": .integer(Int64(code)),
            "output": output,
            "refmsg_time": .string(receivedAt),
            "respond_time": .string(respondedAt),
        ]
    }
}
