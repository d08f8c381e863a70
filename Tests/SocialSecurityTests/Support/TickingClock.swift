import Foundation
import Synchronization

/// A clock that moves forward by `tick` every time it is read, from a fixed start: time passes
/// as messages are made, deterministically, and a test can jump it forward.
final class TickingClock: Sendable {
    private let current: Mutex<Date>
    private let tick: TimeInterval

    init(start: Date = Date(timeIntervalSince1970: 1_795_600_000), tick: TimeInterval = 0.001) {
        current = Mutex(start)
        self.tick = tick
    }

    var now: Date {
        current.withLock { date in
            date = date.addingTimeInterval(tick)
            return date
        }
    }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var closure: @Sendable () -> Date { { [self] in now } }
}
