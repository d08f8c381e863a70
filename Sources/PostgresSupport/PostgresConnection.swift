import CLibPQ
import Foundation

/// One libpq connection, used by one caller at a time (the pool hands it out). Every query is
/// parameterised (`PQexecParams`, values sent apart from the SQL text, never spliced in).
package final class PostgresConnection {
    private let handle: OpaquePointer

    init(url: String, connectTimeout: Int, statementTimeoutMilliseconds: Int) throws {
        let parameters = url.contains("?") ? "&" : "?"
        guard let handle = PQconnectdb(url + "\(parameters)connect_timeout=\(connectTimeout)") else {
            throw PostgresError(operation: "connect", sqlState: nil, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PostgresError(operation: "connect", sqlState: nil, message: message)
        }
        self.handle = handle
        // Server notices ("relation already exists, skipping") are not errors, and a library
        // does not write to the process's standard error.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        _ = try query("SELECT set_config('statement_timeout', $1, false)", [.text("\(statementTimeoutMilliseconds)")])
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether the connection is still usable; a broken one is dropped by the pool.
    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs `sql` with `parameters` as `$1`, `$2`, … and returns the rows, each column as text
    /// or nil for NULL.
    @discardableResult
    package func query(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresRows {
        let texts = parameters.map(\.text)
        // PostgreSQL text cannot hold NUL, and libpq would end the value there: a key cut short
        // would match other keys. Keys that may hold any byte are stored as `bytes`.
        guard !texts.contains(where: { $0?.utf8.contains(0) ?? false }) else {
            throw PostgresError(operation: "query", sqlState: nil, message: "a text parameter holds a NUL character, which PostgreSQL text cannot store")
        }
        let result = withCStrings(texts) { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard let result else {
            throw PostgresError(operation: "query", sqlState: nil, message: String(cString: PQerrorMessage(handle)))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            let rows = (0..<PQntuples(result)).map { row in
                (0..<PQnfields(result)).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                }
            }
            let changed = Int(String(cString: PQcmdTuples(result))) ?? 0
            return PostgresRows(rows: rows, changed: changed)
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PostgresError(operation: "query", sqlState: state, message: message)
        }
    }

    private func withCStrings<Result>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}

/// What a query returned: its rows, each column as text or nil, and how many rows it changed.
package struct PostgresRows: Sendable {
    package let rows: [[String?]]
    package let changed: Int

    package var first: [String?]? { rows.first }

    /// The first column of the first row, if there is a row and it is not NULL.
    package var scalar: String? { rows.first?.first ?? nil }
}

/// A value bound to a query, sent in PostgreSQL's text form.
package enum PostgresValue: Sendable {
    case text(String)
    case integer(Int64)
    case double(Double)
    case bytes([UInt8])
    case null

    var text: String? {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        case .double(let value): "\(value)"
        case .bytes(let value): "\\x" + value.map { String(format: "%02x", $0) }.joined()
        case .null: nil
        }
    }
}

extension String {
    /// The bytes of PostgreSQL's `bytea` hex output (`\x0a1b…`).
    package var postgresBytes: [UInt8]? {
        guard hasPrefix("\\x") else { return nil }
        let hex = Array(utf8.dropFirst(2))
        guard hex.count % 2 == 0 else { return nil }
        return stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) }
    }
}
