import Foundation

/// One 18013-5 structure as its members are read: every missing or mistyped member is a
/// `malformed-mdoc` error naming the structure and the member.
struct MdocStructure {
    let name: String

    init(_ name: String) {
        self.name = name
    }

    /// What a date member that is not a `tdate` is said not to be.
    static let notATDate = "is not a tdate (tag 0, RFC 3339 without fractional seconds)"

    /// The error for a structure that is not a map.
    var notAMap: IDCoreError { IDCoreError(.malformedMdoc, "\(name) is a CBOR map.") }

    /// The member's value, or the error that it is missing.
    func required<Value>(_ value: Value?, _ member: String) throws -> Value {
        try typed(value, member, "is missing")
    }

    /// A member's value read as its type, or the error that it `isNot` that.
    func typed<Value>(_ value: Value?, _ member: String, _ isNot: String) throws -> Value {
        guard let value else { throw error(member, isNot) }
        return value
    }

    func error(_ member: String, _ what: String) -> IDCoreError {
        IDCoreError(.malformedMdoc, "\(name).\(member) \(what).")
    }
}

/// Typed members, read in place.
extension CBORReader {
    mutating func text(_ member: String, of structure: MdocStructure, depth: Int) throws -> String {
        try structure.typed(readText(depth: depth), member, "is not a text string")
    }

    mutating func bytes(_ member: String, of structure: MdocStructure, depth: Int) throws -> [UInt8] {
        try structure.typed(readBytes(depth: depth), member, "is not a byte string")
    }

    mutating func unsigned(_ member: String, of structure: MdocStructure, depth: Int) throws -> UInt64 {
        try structure.typed(readUnsigned(depth: depth), member, "is not an unsigned integer")
    }

    /// A `tdate` member: tag 0 around an RFC 3339 date-time.
    mutating func date(_ member: String, of structure: MdocStructure, depth: Int) throws -> Date {
        try structure.typed(MdocDate.date(readValue(depth: depth)), member, MdocStructure.notATDate)
    }
}
