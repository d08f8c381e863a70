import Foundation
import IDCore
import SocialSecurity
import SocialSecuritySimulator

/// The connector on the national interface, in process: a signed round trip beside its own four
/// signature operations, settlements per second through the gateway with the journal on disk,
/// and a reconciliation (3201 and 3202) over 100,000 settlements.
enum ConnectorBenchmark {
    /// The parts a run may be restricted to (`--parts round-trip,settlements`).
    static let parts = ["round-trip", "settlements", "reconciliation"]

    static func run(_ algorithms: [SignatureAlgorithm], seconds: Double, rounds: Int, reconciled: Int, parts: [String]) async throws {
        print("Connector on the national interface, in process, one thread; load average \(loadAverage())\n")
        if parts.contains("round-trip") { try await roundTrips(algorithms, seconds: seconds, rounds: rounds) }
        if parts.contains("settlements") { try await settlements(count: 400) }
        if parts.contains("reconciliation") { try await reconciliation(settlements: reconciled, rounds: rounds) }
        print("\nload average at the end \(loadAverage())")
    }

    /// 1101 by identity card: the client signs, the gateway verifies, checks the window, the
    /// nonce and the envelope, the platform answers, the gateway signs, the client verifies.
    private static func roundTrips(_ algorithms: [SignatureAlgorithm], seconds: Double, rounds: Int) async throws {
        var table = ResultTable(columns: ["algorithm", "round trips/s", "4 raw ops/s", "cost / 4 raw (median)", "spread", "µs beyond the signatures"])
        for algorithm in [SignatureAlgorithm.sm2, .es256] where algorithms.contains(algorithm) {
            let world = try BenchmarkWorld(algorithm: algorithm)
            let session = try await world.session()
            let query = PersonInfoQuery(credential: .identityCard(world.person.idNumber))
            _ = try await session.personInfo(query)
            // The round trip's own four operations: each side signs with its key and verifies
            // the other's signature with the other's public key.
            let message = Data(repeating: 0x42, count: 300)
            let hospitalSignature = try world.hospitalKey.key.signature(for: message)
            let platformSignature = try world.platformKey.key.signature(for: message)
            let measured = try await InterleavedRounds.measure(rounds: rounds, seconds: seconds, sdk: { _ = try await session.personInfo(query) }, reference: {
                _ = try world.hospitalKey.key.signature(for: message)
                _ = world.hospitalKey.key.publicKey.isValidSignature(hospitalSignature, for: message)
                _ = try world.platformKey.key.signature(for: message)
                _ = world.platformKey.key.publicKey.isValidSignature(platformSignature, for: message)
            })
            table.add([algorithm.joseName, measured.medianSDKRate.formatted(decimals: 0), measured.medianReferenceRate.formatted(decimals: 0),
                       measured.medianCostRatio.formatted(decimals: 2), measured.spread,
                       (1e6 / measured.medianSDKRate - 1e6 / measured.medianReferenceRate).formatted(decimals: 0)])
        }
        print("Round trip (1101 person information), \(rounds) interleaved rounds of \(seconds) s")
        print(table.render())
        print("cost / 4 raw = time of one round trip / time of two signs and two verifies (target at most 1.25)\n")
    }

    /// 2207 through a ``SettlementDesk`` with a ``FileSettlementJournal``: two `fsync`s each
    /// (the entry before the message, the outcome after), so the disk's fsync rate, measured in
    /// the same run, bounds it.
    private static func settlements(count: Int) async throws {
        let world = try BenchmarkWorld(algorithm: .sm2)
        let session = try await world.session()
        let inputs = try await world.billedBatches(count, session: session)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("benchmark-journal-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let desk = SettlementDesk(session: session, journal: try FileSettlementJournal(url: url))
        let clock = ContinuousClock()
        let start = clock.now
        for input in inputs { _ = try await desk.settle(input, insuredArea: world.area) }
        let rate = Double(count) / (clock.now - start).seconds
        print("Settlements (2207, SM2) through the gateway with the file journal: \(count) in a row")
        var table = ResultTable(columns: ["settlements/s", "fsyncs/s of this disk", "settlements/s without the journal's fsyncs (bound)"])
        let fsyncs = try fsyncRate()
        table.add([rate.formatted(decimals: 0), fsyncs.formatted(decimals: 0), (1 / (1 / rate - 2 / fsyncs)).formatted(decimals: 0)])
        print(table.render() + "\n")
    }

    /// 3201 and 3202 over `settlements` settlement records, as the desk runs them from its journal.
    private static func reconciliation(settlements: Int, rounds: Int) async throws {
        let world = try BenchmarkWorld(algorithm: .sm2, maximumBodyBytes: 64 * 1024 * 1024)
        let session = try await world.session()
        let inputs = try await world.billedBatches(settlements, session: session)
        let journal = MemoryJournal()
        let desk = SettlementDesk(session: session, journal: journal)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for part in 0..<2 {
                group.addTask { for input in inputs[part...].striding(by: 2) { _ = try await desk.settle(input, insuredArea: world.area) } }
            }
            try await group.waitForAll()
        }
        let period = ReconciliationPeriod(day: CalendarDate.today())
        var times: [Double] = []
        var report: ReconciliationReport?
        for _ in 0..<max(1, rounds) {
            let clock = ContinuousClock()
            let start = clock.now
            report = try await desk.reconcile(period, insuranceType: .employeeBasic, settlementAgency: world.area)
            times.append((clock.now - start).seconds)
        }
        guard let report, report.isBalanced, report.details.rows.count == settlements else {
            throw BenchmarkError("the reconciliation over \(settlements) settlements did not balance")
        }
        print("Reconciliation (3201 and 3202, SM2) over \(settlements) settlements, \(rounds) rounds")
        var table = ResultTable(columns: ["settlements", "3201 + 3202 seconds (median)", "fastest", "slowest"])
        times.sort()
        table.add(["\(settlements)", InterleavedRounds.median(times).formatted(decimals: 2), times[0].formatted(decimals: 2), times[times.count - 1].formatted(decimals: 2)])
        print(table.render())
    }

    /// `fsync`s per second of a small append to a file in the temporary folder.
    private static func fsyncRate() throws -> Double {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("benchmark-fsync-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw BenchmarkError("cannot create \(url.path)") }
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let line = Data(repeating: 0x41, count: 600)
        return try Throughput.measure(seconds: 1) {
            try handle.write(contentsOf: line)
            try handle.synchronize()
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

extension ArraySlice {
    /// Every `step`th element from the start.
    func striding(by step: Int) -> [Element] { stride(from: startIndex, to: endIndex, by: step).map { self[$0] } }
}
