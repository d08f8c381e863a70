import Foundation
import PostgresSupport

/// The PostgreSQL server of the tests, when there is one: `.ci/run` starts a throwaway
/// cluster (`.ci/postgres`) and sets `VIRTUALIDKIT_POSTGRES_URL`; without it the PostgreSQL
/// cases are left out, with this message.
public enum PostgresTestDatabase {
    public static let url = ProcessInfo.processInfo.environment["VIRTUALIDKIT_POSTGRES_URL"]

    public static let skipMessage = "VIRTUALIDKIT_POSTGRES_URL is not set (.ci/run starts a PostgreSQL cluster and sets it)"

    /// The URL of a schema of its own, created now, so that tests running at once never share
    /// rows; nil without a server.
    public static func freshSchemaURL() throws -> String? {
        guard let url else { return nil }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        _ = try PostgresPool(url: url, size: 1).transaction(.readCommitted) { try $0.query("CREATE SCHEMA \(schema)") }
        return url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }
}
