/// Where a claim sits in a credential: `name`, `validity.end`, `nationalities[]` (any element)
/// or `nationalities[0]`.
///
/// Used to choose which claims an issuer makes selectively disclosable and which a holder
/// discloses, and to report what a presentation disclosed.
public struct ClaimPath: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        /// An object member.
        case claim(String)
        /// One array element.
        case element(Int)
        /// Every element of an array (in a pattern).
        case anyElement
    }

    /// The steps from the top-level object.
    public let components: [Component]

    /// Creates a path from its steps.
    public init(_ components: [Component]) {
        self.components = components
    }

    /// Reads the dotted form: `validity.end`, `nationalities[]`, `nationalities[2]`.
    public init(stringLiteral text: String) {
        var components: [Component] = []
        for part in text.split(separator: ".") {
            var name = Substring(part)
            var suffixes: [Component] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
                suffixes.insert(inside.isEmpty ? .anyElement : Int(inside).map(Component.element) ?? .claim(String(inside)), at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { components.append(.claim(String(name))) }
            components += suffixes
        }
        self.components = components
    }

    /// The path one level further down.
    func appending(_ component: Component) -> ClaimPath {
        var extended = components
        extended.append(component)
        return ClaimPath(extended)
    }

    /// Whether this concrete path is matched by `pattern`, where `[]` matches any element.
    public func matches(_ pattern: ClaimPath) -> Bool {
        components.count == pattern.components.count && zip(components, pattern.components).allSatisfy { concrete, wanted in
            switch (concrete, wanted) {
            case (.element, .anyElement): true
            default: concrete == wanted
            }
        }
    }

    /// Whether a claim at `concrete` is one this requested path asks for: inside the requested
    /// claim (a member of a requested object), the claim itself, or on the way to it (the object
    /// or array element that holds it, disclosed so that it can be). `[]` here matches any
    /// element there.
    func covers(_ concrete: ClaimPath) -> Bool {
        zip(components, concrete.components).allSatisfy { requested, found in
            switch (requested, found) {
            case (.anyElement, .element): true
            default: requested == found
            }
        }
    }

    public var description: String {
        components.reduce(into: "") { text, component in
            switch component {
            case .claim(let name): text += (text.isEmpty ? "" : ".") + name
            case .element(let index): text += "[\(index)]"
            case .anyElement: text += "[]"
            }
        }
    }

    /// Component by component: names alphabetically, then element indexes in order.
    public static func < (lhs: ClaimPath, rhs: ClaimPath) -> Bool {
        for (left, right) in zip(lhs.components, rhs.components) {
            switch (left, right) {
            case (.claim(let leftName), .claim(let rightName)) where leftName != rightName: return leftName < rightName
            case (.element(let leftIndex), .element(let rightIndex)) where leftIndex != rightIndex: return leftIndex < rightIndex
            case (.claim, .claim), (.element, .element), (.anyElement, .anyElement): continue
            default: return left.rank < right.rank
            }
        }
        return lhs.components.count < rhs.components.count
    }
}

private extension ClaimPath.Component {
    /// Claims before elements, elements before "any element".
    var rank: Int {
        switch self {
        case .claim: 0
        case .element: 1
        case .anyElement: 2
        }
    }
}
