import ExampleSupport
import Foundation

extension Arguments {
    /// The option `name` as a Unix time in seconds, or now when it is not given.
    func unixTime(_ name: String) throws -> Date {
        guard let text = optional(name) else { return Date() }
        guard let seconds = TimeInterval(text) else { throw UsageError("--\(name) is a Unix time in seconds, not '\(text)'.") }
        return Date(timeIntervalSince1970: seconds)
    }
}
