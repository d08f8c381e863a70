/// Which claims an issuer makes selectively disclosable, and how many decoy digests it adds.
///
/// ```swift
/// let layout = DisclosureLayout.everyClaim                      // each claim at every depth
/// let hotel = DisclosureLayout(paths: ["name", "id_number", "portrait", "validity.end"])
/// ```
public struct DisclosureLayout: Sendable, Hashable {
    private enum Rule: Sendable, Hashable {
        case everything
        case paths(Set<ClaimPath>)
    }

    private let rule: Rule
    /// Decoy digests added to each `_sd` array, so that the number of claims does not show.
    public let decoysPerObject: Int

    /// Makes the claims at `paths` selectively disclosable (`[]` stands for every element of
    /// an array); all other claims stay in plain view.
    public init(paths: Set<ClaimPath>, decoysPerObject: Int = 0) {
        rule = .paths(paths)
        self.decoysPerObject = max(0, decoysPerObject)
    }

    private init(rule: Rule, decoysPerObject: Int) {
        self.rule = rule
        self.decoysPerObject = max(0, decoysPerObject)
    }

    /// Every claim and every array element, at every depth, is selectively disclosable.
    public static let everyClaim = DisclosureLayout(rule: .everything, decoysPerObject: 0)

    /// ``everyClaim`` with `count` decoys in each `_sd` array.
    public static func everyClaim(decoysPerObject count: Int) -> DisclosureLayout {
        DisclosureLayout(rule: .everything, decoysPerObject: count)
    }

    /// Nothing is selectively disclosable: every claim is in plain view.
    public static let nothing = DisclosureLayout(paths: [])

    func isSelectivelyDisclosable(_ path: ClaimPath) -> Bool {
        switch rule {
        case .everything: true
        case .paths(let paths): paths.contains { path.matches($0) }
        }
    }
}
