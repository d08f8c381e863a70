import CSQLite
import Foundation
import Synchronization

/// One SQLite database file in WAL mode, used by one process's stores through a single
/// connection, one caller at a time.
///
/// Every store of a process on the same file shares that connection (``open(path:)``): SQLite
/// lets one writer at a time into a file, and writers on separate connections of one process
/// would take turns through the busy handler's sleeps instead of a lock handed over at once.
/// Between processes the file lock decides, with a busy handler that retries every 0.1 ms at
/// first and every millisecond after, up to the busy timeout.
///
/// `synchronous = FULL`: in WAL mode, NORMAL can lose the last committed transactions on power
/// loss (never corrupt the file), and a settlement or a redeemed nonce that is lost after its
/// answer was sent is money paid twice or a replay accepted. FULL syncs the log at every
/// commit. A busy timeout lets a second process (a maintenance tool) wait instead of failing.
package final class SQLiteDatabase: Sendable {
    /// The connection, opened without SQLite's own mutex: `lock` serialises every use of it.
    nonisolated(unsafe) private let handle: OpaquePointer
    private let lock = Mutex(())
    package let path: String

    private final class Reference: Sendable {
        weak let database: SQLiteDatabase?
        init(_ database: SQLiteDatabase) { self.database = database }
    }

    /// The open databases of this process by file, held weakly: like SQLite's own table of open
    /// files, this is process-wide by nature.
    private static let openFiles = Mutex<[String: Reference]>([:])

    /// The process's connection to the database at `path`, opened (and the file created, mode
    /// 0600) if no store of the process has it open.
    package static func open(path: String) throws -> SQLiteDatabase {
        let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        return try openFiles.withLock { files in
            if let database = files[key]?.database { return database }
            let database = try SQLiteDatabase(path: path)
            files = files.filter { $0.value.database != nil }
            files[key] = Reference(database)
            return database
        }
    }

    private init(path: String, busyTimeoutMilliseconds: Int32 = 5000) throws {
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw SQLiteError(operation: "open \(path)", code: opened, message: message)
        }
        chmod(path, 0o600)
        // The timeout rides in the context pointer, so the callback needs no state of its own.
        sqlite3_busy_handler(handle, { timeout, attempts in
            let limit = Int32(truncatingIfNeeded: Int(bitPattern: timeout))
            // 20 tries at 0.1 ms, then 1 ms each: about `limit` milliseconds in all.
            guard attempts < 20 + limit else { return 0 }
            usleep(attempts < 20 ? 100 : 1000)
            return 1
        }, UnsafeMutableRawPointer(bitPattern: Int(busyTimeoutMilliseconds)))
        self.path = path
        self.handle = handle
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"] {
            try withConnection { try $0.execute(pragma) }
        }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs `body` in one transaction, `BEGIN IMMEDIATE` (the write lock taken at the start, so
    /// two writers never deadlock midway), committed when `body` returns and rolled back when it
    /// throws.
    @discardableResult
    package func transaction<Result>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try withConnection { connection in
            try connection.execute("BEGIN IMMEDIATE")
            do {
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body`'s reads without a transaction of their own: a single statement sees one
    /// committed state, and a read needs no write lock.
    package func read<Result>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try withConnection(body)
    }

    /// Brings `component`'s tables to the latest of `migrations` (version n is
    /// `migrations[n - 1]`), each step in its own transaction with its version recorded, so a
    /// database is never left between versions. A database newer than this code is refused.
    package func migrate(component: String, migrations: [[String]]) throws {
        try transaction { connection in
            try connection.execute("CREATE TABLE IF NOT EXISTS vidk_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
        }
        try transaction { connection in
            let current = try connection.rows("SELECT version FROM vidk_schema WHERE component = ?", [.text(component)]).first?.first?.integer ?? 0
            guard current <= Int64(migrations.count) else {
                throw SQLiteError(operation: "migrate \(component)", code: SQLITE_MISMATCH,
                                  message: "the database has schema version \(current), newer than this SDK's \(migrations.count)")
            }
            for (index, steps) in migrations.enumerated().dropFirst(Int(current)) {
                for step in steps { try connection.execute(step) }
                try connection.run("INSERT INTO vidk_schema (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                                   [.text(component), .integer(Int64(index + 1))])
            }
        }
    }

    private func withConnection<Result>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try lock.withLock { _ in try body(SQLiteConnection(handle: handle)) }
    }
}

/// The connection inside a transaction: parameterised statements only.
package struct SQLiteConnection {
    fileprivate let handle: OpaquePointer

    /// Runs SQL without parameters or results (schema, pragmas, transaction control).
    package func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard result == SQLITE_OK else {
            throw SQLiteError(operation: "exec", code: result, message: message.map { String(cString: $0) } ?? "")
        }
    }

    /// Runs a statement with `parameters` bound in order; returns how many rows it changed.
    @discardableResult
    package func run(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> Int {
        _ = try rows(sql, parameters)
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query with `parameters` bound in order and returns every row.
    package func rows(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), "prepare")
        defer { sqlite3_finalize(statement) }
        for (index, value) in parameters.enumerated() {
            let position = Int32(index + 1)
            let bound: Int32 = switch value {
            case .integer(let integer): sqlite3_bind_int64(statement, position, integer)
            case .real(let real): sqlite3_bind_double(statement, position, real)
            // With its byte length: an embedded NUL is kept, never a silent end of the value.
            case .text(let text): sqlite3_bind_text(statement, position, text, Int32(text.utf8.count), Self.transient)
            case .blob(let bytes): bytes.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), Self.transient) }
            case .null: sqlite3_bind_null(statement, position)
            }
            try check(bound, "bind")
        }
        var result: [[SQLiteValue]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return result }
            try check(step == SQLITE_ROW ? SQLITE_OK : step, "step")
            result.append((0..<sqlite3_column_count(statement)).map { column(statement, $0) })
        }
    }

    private func column(_ statement: OpaquePointer?, _ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            .text(String(decoding: UnsafeRawBufferPointer(start: sqlite3_column_text(statement, index), count: Int(sqlite3_column_bytes(statement, index))), as: UTF8.self))
        case SQLITE_BLOB:
            .blob(sqlite3_column_blob(statement, index).map { Array(UnsafeRawBufferPointer(start: $0, count: Int(sqlite3_column_bytes(statement, index)))) } ?? [])
        default: .null
        }
    }

    private func check(_ result: Int32, _ operation: String) throws {
        guard result == SQLITE_OK else {
            throw SQLiteError(operation: operation, code: result, message: String(cString: sqlite3_errmsg(handle)))
        }
    }

    /// SQLITE_TRANSIENT: SQLite copies a bound value before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
