/// The candidates of an approximate scan worth re-scoring: the best `size` estimates seen so
/// far, kept loosely (compacted when four times full), so that the scan's inner loop is a
/// comparison with `floor` and, rarely, an append.
struct Shortlist<Item> {
    let size: Int
    private(set) var floor: Float = -.infinity
    private(set) var items: [(item: Item, estimate: Float)] = []

    /// A shortlist generous enough that the re-scored top `k` are those of exact scores.
    init(k: Int) {
        size = 4 * k + 16
    }

    /// The best `size` candidates, best first: what is worth re-scoring (the loose list can hold
    /// four times as many).
    var best: ArraySlice<(item: Item, estimate: Float)> {
        items.sorted { $0.estimate > $1.estimate }.prefix(size)
    }

    mutating func consider(_ item: Item, estimate: Float) {
        guard estimate >= floor else { return }
        items.append((item, estimate))
        if items.count >= 4 * size {
            items.sort { $0.estimate > $1.estimate }
            items.removeLast(items.count - size)
            floor = items[size - 1].estimate
        }
    }
}
