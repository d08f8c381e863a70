/// The members of a JSON object, each name once, kept in the order of their names: the order
/// the compact form writes them in.
///
/// A sorted array rather than a dictionary. The objects credentials and the medical-insurance
/// interface exchange have a few to a few dozen members, which are read once or twice each:
/// hashing every name on parsing, again on every lookup and sorting again on writing cost a
/// third of reading and writing a message, while comparing names of a sorted array costs less
/// and writing it costs no sort at all. Objects parsed from this SDK's own output arrive sorted
/// and are taken in one pass; others are sorted once, in O(n log n).
///
/// Names are compared as Swift compares strings (by canonical equivalence), as a dictionary's
/// keys are: two spellings of one name are one member.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// A member: its name and value.
    public typealias Element = (key: String, value: JSONValue)

    private var members: [Element]

    /// An empty object.
    public init() {
        members = []
    }

    /// The members of a literal; a name written twice keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(keepingLast: elements.map { (key: $0.0, value: $0.1) })
    }

    /// The members of a dictionary.
    public init(_ dictionary: [String: JSONValue]) {
        members = dictionary.map { (key: $0.key, value: $0.value) }
        members.sort { $0.key < $1.key }
    }

    /// Members in any order; of a name given more than once, the last value is kept (as
    /// `JSONEncoder` keeps the last of a member encoded twice).
    ///
    /// An array, not any sequence: a generic initialiser is not specialised in the modules
    /// that build their messages with it, and ran through metadata for every member.
    public init(keepingLast elements: [Element]) {
        var members = elements
        if !Self.isStrictlyAscending(members) {
            // Stable, so that the last of equal names is the last given.
            members.sort { $0.key < $1.key }
            var kept: [Element] = []
            kept.reserveCapacity(members.count)
            for member in members {
                if let last = kept.last, last.key == member.key { kept[kept.count - 1] = member } else { kept.append(member) }
            }
            members = kept
        }
        self.members = members
    }

    /// Members as a parser found them, or the name that occurs twice: a signed object must not
    /// mean two things, so a repeated name is an error rather than a value kept.
    package static func parsed(_ elements: [Element]) -> (object: JSONObject, repeatedName: String?) {
        var members = elements
        if !isStrictlyAscending(members) {
            members.sort { $0.key < $1.key }
            if let repeated = zip(members, members.dropFirst()).first(where: { $0.key == $1.key }) {
                return (JSONObject(), repeated.0.key)
            }
        }
        var object = JSONObject()
        object.members = members
        return (object, nil)
    }

    private static func isStrictlyAscending(_ members: [Element]) -> Bool {
        var index = 1
        while index < members.count {
            guard members[index - 1].key < members[index].key else { return false }
            index += 1
        }
        return true
    }

    // MARK: Collection

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Element { members[position] }

    // MARK: Members by name

    /// The value of member `key`, or nil; setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            let (position, found) = search(key)
            return found ? members[position].value : nil
        }
        set {
            if let newValue { updateValue(newValue, forKey: key) } else { removeValue(forKey: key) }
        }
    }

    /// The names, in order.
    public var keys: [String] { members.map(\.key) }

    /// The values, in the order of their names.
    public var values: [JSONValue] { members.map(\.value) }

    /// Sets member `key`; the value it replaced, if any.
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        let (position, found) = search(key)
        guard found else {
            members.insert((key, value), at: position)
            return nil
        }
        defer { members[position].value = value }
        return members[position].value
    }

    /// Removes member `key`; its value, if it was there.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        let (position, found) = search(key)
        return found ? members.remove(at: position).value : nil
    }

    /// The members as a dictionary.
    public var dictionary: [String: JSONValue] {
        Dictionary(members.lazy.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Changes the value at `position` in place: the value is taken out first, so that a
    /// container in it is uniquely referenced and changing it copies nothing.
    package mutating func modifyValue(at position: Int, _ change: (inout JSONValue) throws -> Void) rethrows {
        var value = members[position].value
        members[position].value = .null
        defer { members[position].value = value }
        try change(&value)
    }

    /// Adds members whose names must all be new, sorting once for all of them; the first name
    /// already present or given twice, in which case nothing is added.
    package mutating func addNewMembers(_ added: [Element]) -> String? {
        guard !added.isEmpty else { return nil }
        let (merged, repeatedName) = Self.parsed(members + added)
        if let repeatedName { return repeatedName }
        self = merged
        return nil
    }

    /// Where `key` is, or where it would go.
    private func search(_ key: String) -> (position: Int, found: Bool) {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return (low, low < members.count && members[low].key == key)
    }

    // MARK: Equality

    /// Equal when the same names carry equal values: the order is always the names'.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }

    /// Compact JSON.
    public var description: String { JSONValue.object(self).description }
}
