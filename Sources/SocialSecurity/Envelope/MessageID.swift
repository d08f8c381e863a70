import Foundation
import IDCore
import Synchronization

/// The sender's id of a message (发送方报文ID, `msgid`): the institution's code (12), the time
/// of sending in China Standard Time (`yyyyMMddHHmmss`, 14) and a sequence number (4), thirty
/// characters that no other message of the institution carries.
///
/// It is also the message's idempotency key: a retry sends the same id with the same input, the
/// platform answers it once, and 2601 names it to reverse the message.
public struct MessageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The thirty characters.
    public let text: String
    /// The institution that sent the message.
    public let institution: InstitutionCode
    /// When it was first sent, to the second.
    public let sentAt: Date

    /// Reads and checks the three parts; anything else throws `malformed-request`.
    public init(_ text: String) throws {
        var text = text
        let parts: (InstitutionCode, Date)? = text.withUTF8 { bytes in
            guard bytes.count == 30, let institution = try? InstitutionCode(String(decoding: bytes[0..<12], as: UTF8.self)),
                  let sentAt = ChinaTime.parseCompact(bytes[12..<26]), bytes[26..<30].allSatisfy({ $0.asciiDigitValue != nil })
            else { return nil }
            return (institution, sentAt)
        }
        guard let (institution, sentAt) = parts else {
            throw ConnectorError(.malformedRequest, "'\(text.prefix(40))' is not a message id: institution code (12), yyyyMMddHHmmss (14), sequence (4).")
        }
        self.text = text
        self.institution = institution
        self.sentAt = sentAt
    }

    /// The id of the `sequence`th message (0 to 9999) sent by `institution` at `sentAt`.
    init(institution: InstitutionCode, sentAt: Date, sequence: Int) {
        text = institution.code + ChinaTime(sentAt).compact + String(sequence % 10000, zeroPaddedTo: 4)
        self.institution = institution
        self.sentAt = Date(timeIntervalSince1970: sentAt.timeIntervalSince1970.rounded(.down))
    }

    /// The thirty characters.
    public var description: String { text }

    /// Ordered by their text, which orders one institution's messages by time.
    public static func < (lhs: MessageID, rhs: MessageID) -> Bool { lhs.text < rhs.text }

    /// The JSON string.
    package var json: JSONValue { .string(text) }
}

/// Hands out the message ids of one sending process.
///
/// Four digits of sequence leave room for 10,000 messages a second per institution. An
/// institution that sends from one process gives it the whole range. Processes of one
/// institution that send at the same time must not draw the same numbers: give each its own
/// `terminal` (0 to 9), which takes the thousands digit, so that each has 1,000 ids a second of
/// its own. A process asked for more within one second waits for the next second rather than
/// repeat an id.
public final class MessageIDGenerator: Sendable {
    private let institution: InstitutionCode
    /// The first sequence number of this process's range, and how many it holds.
    private let range: (start: Int, count: Int)
    private let clock: @Sendable () -> Date
    /// The second last used and how many ids it gave.
    private let last = Mutex<(second: Int64, used: Int)>((.min, 0))

    /// - Parameters:
    ///   - terminal: this process's number among the institution's senders, 0 to 9, or nil for
    ///     the only sender.
    public init(institution: InstitutionCode, terminal: Int? = nil, clock: @escaping @Sendable () -> Date = Date.init) throws {
        if let terminal, !(0...9).contains(terminal) {
            throw ConnectorError(.malformedRequest, "A terminal number is 0 to 9, not \(terminal).")
        }
        self.institution = institution
        range = terminal.map { ($0 * 1000, 1000) } ?? (0, 10_000)
        self.clock = clock
    }

    /// The next id; never the same twice in this process, even if the clock steps back.
    public func next() async throws -> MessageID {
        while true {
            let now = clock().timeIntervalSince1970
            let second = Int64(now.rounded(.down))
            let taken: (second: Int64, sequence: Int)? = last.withLock { last in
                // A clock that steps back keeps counting in the latest second it gave.
                if second > last.second { last = (second, 0) }
                guard last.used < range.count else { return nil }
                last.used += 1
                return (last.second, last.used - 1)
            }
            if let taken {
                return MessageID(institution: institution, sentAt: Date(timeIntervalSince1970: Double(taken.second)), sequence: range.start + taken.sequence)
            }
            // This second's ids are all given: wait for the next one.
            try await Task.sleep(for: .milliseconds(max(1, Int((Double(second + 1) - now) * 1000))))
        }
    }
}

extension MessageID: Codable {
    /// Reads the thirty characters, checked.
    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the thirty characters.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
