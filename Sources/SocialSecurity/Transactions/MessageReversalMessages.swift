import IDCore

/// 2601 input, `{"data": {"psn_no", "omsgid", "oinfno"}}`: undo an earlier message (冲正) by its
/// id, typically one whose answer never came. The answer is empty.
///
/// Whatever became of the original, afterwards it has no effect and never will: if it was
/// applied it is undone, and if it never arrived it is refused when it does
/// (`message-reversed`). Which messages may be reversed, and what reversing each does, is in
/// Documentation/ConnectorProtocol.md §7.4.
public struct MessageReversalInput: InterfaceMessage, Hashable {
    /// `psn_no`: the person the original message was about.
    public let personNumber: String
    /// `omsgid`: the original message's id.
    public let originalMessageID: MessageID
    /// `oinfno`: the original message's transaction.
    public let originalTransaction: InterfaceTransaction

    /// Creates a message reversal.
    public init(personNumber: String, originalMessageID: MessageID, originalTransaction: InterfaceTransaction) {
        self.personNumber = personNumber
        self.originalMessageID = originalMessageID
        self.originalTransaction = originalTransaction
    }

    package init(json: JSONObjectReader) throws {
        let data = try json.object("data") { $0 }
        try self.init(personNumber: data.requiredText("psn_no"), originalMessageID: data.messageID("omsgid"), originalTransaction: data.transaction("oinfno"))
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        .object(["data": .object(["psn_no": .string(personNumber), "omsgid": originalMessageID.json, "oinfno": .string(originalTransaction.rawValue)])])
    }
}
