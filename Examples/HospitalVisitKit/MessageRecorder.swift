import Foundation
import IDCore
import SocialSecurity

/// Keeps the message id (`msgid`) of the last message sent, for the story's output.
actor MessageRecorder: ConnectorTransport {
    private let inner: any ConnectorTransport
    private(set) var lastMessageID = "-"

    init(inner: any ConnectorTransport) {
        self.inner = inner
    }

    /// Forgets the last id, before a step that may send nothing.
    func reset() {
        lastMessageID = "-"
    }

    func send(_ request: ConnectorHTTPRequest, to endpoint: URL) async throws -> ConnectorHTTPResponse {
        lastMessageID = (try? JSONValue(parsing: request.body))?["msgid"]?.stringValue ?? "-"
        return try await inner.send(request, to: endpoint)
    }
}

/// Amounts as a cashier reads them.
enum Money {
    static func text(_ amount: Yuan) -> String { "¥\(amount)" }

    static func split(_ info: SettlementInfo) -> String {
        "total ¥\(info.total) = fund ¥\(info.fundTotal) + account ¥\(info.personalAccount) + cash ¥\(info.cash)"
    }
}
