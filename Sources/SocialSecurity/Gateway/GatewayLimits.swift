import Foundation

/// What a ``BureauGateway`` accepts before it reads a request, and how long it holds a claim.
///
/// Requests beyond the header limits are answered `431 headers-too-large` and beyond the body
/// limit `413 body-too-large`, unsigned and before any parsing. The HTTP server in front should
/// refuse such requests before buffering them; the gateway checks again because it cannot know.
public struct GatewayLimits: Sendable {
    /// The most header fields a request may have.
    public var maximumHeaderFields: Int
    /// The most bytes its header names and values may have together.
    public var maximumHeaderBytes: Int
    /// The most bytes its body may have.
    public var maximumBodyBytes: Int
    /// The accepted difference between a request's timestamp and the platform's clock, and how
    /// long nonces are remembered (twice this), in seconds.
    public var window: TimeInterval
    /// How long a claim on a message holds while it runs, in seconds: longer than any handler
    /// takes, as a lapsed claim lets a retry run the message again.
    public var claimLease: TimeInterval

    /// The defaults: 64 fields, 16 KiB of headers, 1 MiB of body, a ±300 s window, 60 s leases.
    public init(maximumHeaderFields: Int = 64, maximumHeaderBytes: Int = 16 * 1024, maximumBodyBytes: Int = 1024 * 1024,
                window: TimeInterval = 300, claimLease: TimeInterval = 60) {
        self.maximumHeaderFields = maximumHeaderFields
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
        self.window = window
        self.claimLease = claimLease
    }
}
