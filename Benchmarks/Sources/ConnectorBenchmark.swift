import Foundation
import IDCore
import IDCorePostgres
import IDCoreSQLite
import SocialSecurity
import SocialSecurityPostgres
import SocialSecuritySimulator
import SocialSecuritySimulatorPostgres
import SocialSecuritySimulatorSQLite
import SocialSecuritySQLite
import StoreTestSupport

/// The connector on the national interface, in process: a signed round trip beside its own four
/// signature operations, settlements per second through the gateway on each kind of store,
/// and a reconciliation (3201 and 3202) over 100,000 settlements.
enum ConnectorBenchmark {
    /// The parts a run may be restricted to (`--parts round-trip,settlements`).
    static let parts = ["round-trip", "settlements", "reconciliation"]

    static func run(_ algorithms: [SignatureAlgorithm], seconds: Double, rounds: Int, reconciled: Int, parts: [String]) async throws {
        print("Connector on the national interface, in process, one thread; load average \(loadAverage())\n")
        if parts.contains("round-trip") { try await roundTrips(algorithms, seconds: seconds, rounds: rounds) }
        if parts.contains("settlements") { try await settlements(count: 100) }
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

    /// 2207 through a ``SettlementDesk`` and the gateway on each kind of store, interleaved in
    /// rounds: in memory (the reference), the file journal, SQLite and PostgreSQL (when
    /// `VIRTUALIDKIT_POSTGRES_URL` names a database) with one gateway instance and with two on
    /// the same database behind a round-robin balancer. On a durable store everything durable
    /// is there: the gateway's nonces and messages, the simulated platform's ledger and the
    /// desk's journal. Run one at a time (latency) and with `concurrency` cashiers at once
    /// (throughput). The file journal and SQLite sync at every write, so the disk's fsync rate,
    /// measured in the same run, bounds them.
    private static func settlements(count: Int, concurrency: Int = 4) async throws {
        let rounds = 5
        struct Setup {
            let name: String
            let instances: Int
            let desk: SettlementDesk
            let world: BenchmarkWorld
            let inputs: [SettlementInput]
        }
        var setups: [Setup] = []
        func add(_ name: String, world: BenchmarkWorld, instances: Int = 1, journal: any SettlementJournal) async throws {
            let session = try await world.session()
            setups.append(Setup(name: name, instances: instances, desk: SettlementDesk(session: session, journal: journal), world: world,
                                inputs: try await world.billedBatches(2 * count * rounds, session: session)))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("benchmark-stores-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await add("memory (reference)", world: try BenchmarkWorld(algorithm: .sm2), journal: MemoryJournal())
        try await add("file journal", world: try BenchmarkWorld(algorithm: .sm2), journal: try FileSettlementJournal(url: directory.appendingPathComponent("journal.jsonl")))
        for instances in [1, 2] {
            let sqlite = directory.appendingPathComponent("stores-\(instances).sqlite").path
            let area = try InsuranceArea("440300")
            try await add("SQLite", world: try BenchmarkWorld(algorithm: .sm2, instances: instances,
                                                               stores: { (try SQLiteNonceStore(path: sqlite), try SQLiteIdempotencyStore(path: sqlite)) },
                                                               ledger: try SQLitePlatformJournal(path: sqlite, area: area)),
                          instances: instances, journal: try SQLiteSettlementJournal(path: sqlite))
        }
        if PostgresTestDatabase.url != nil {
            for instances in [1, 2] {
                guard let url = try PostgresTestDatabase.freshSchemaURL() else { break }
                try await add("PostgreSQL", world: try BenchmarkWorld(algorithm: .sm2, instances: instances,
                                                                       stores: { (try PostgresNonceStore(url: url), try PostgresIdempotencyStore(url: url)) },
                                                                       ledger: try PostgresPlatformJournal(url: url, area: InsuranceArea("440300"))),
                              instances: instances, journal: try PostgresSettlementJournal(url: url))
            }
        }
        // Each round settles `count` batches one at a time, then `count` more with `concurrency` cashiers at once.
        var sequential = Array(repeating: [Double](), count: setups.count)
        var concurrent = Array(repeating: [Double](), count: setups.count)
        var concurrentSeconds = Array(repeating: 0.0, count: setups.count)
        let clock = ContinuousClock()
        for round in 0..<rounds {
            for (index, setup) in setups.enumerated() {
                let batches = setup.inputs[(2 * round * count)..<((2 * round + 2) * count)]
                for input in batches.prefix(count) {
                    let start = clock.now
                    _ = try await setup.desk.settle(input, insuredArea: setup.world.area)
                    sequential[index].append((clock.now - start).seconds)
                }
                let started = clock.now
                concurrent[index] += try await withThrowingTaskGroup(of: [Double].self) { group in
                    let slices = Array(batches.suffix(count))
                    for cashier in 0..<concurrency {
                        group.addTask {
                            var latencies: [Double] = []
                            for input in stride(from: cashier, to: slices.count, by: concurrency).map({ slices[$0] }) {
                                let start = clock.now
                                _ = try await setup.desk.settle(input, insuredArea: setup.world.area)
                                latencies.append((clock.now - start).seconds)
                            }
                            return latencies
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                concurrentSeconds[index] += (clock.now - started).seconds
            }
        }
        print("Settlements (2207, SM2) through the desk and the gateway on each store, \(rounds) interleaved rounds of \(count) one at a time and \(count) with \(concurrency) cashiers at once")
        if ProcessInfo.processInfo.environment["VIRTUALIDKIT_POSTGRES_URL"] == nil {
            print("PostgreSQL: skipped (set VIRTUALIDKIT_POSTGRES_URL; .ci/postgres start DIR prints one)")
        }
        let referenceP50 = InterleavedRounds.median(sequential[0].sorted())
        let referenceRate = Double(concurrent[0].count) / concurrentSeconds[0]
        var table = ResultTable(columns: ["store", "instances", "one at a time: /s", "p50 ms", "p99 ms", "added (µs, p50)",
                                          "\(concurrency) at once: /s", "p50 ms", "p99 ms", "added (µs per settlement)"])
        for (index, setup) in setups.enumerated() {
            let one = sequential[index].sorted()
            let many = concurrent[index].sorted()
            let rate = Double(many.count) / concurrentSeconds[index]
            table.add([setup.name, "\(setup.instances)", (Double(one.count) / one.reduce(0, +)).formatted(decimals: 0),
                       (InterleavedRounds.median(one) * 1000).formatted(decimals: 2), (percentile99(one) * 1000).formatted(decimals: 2),
                       ((InterleavedRounds.median(one) - referenceP50) * 1e6).formatted(decimals: 0),
                       rate.formatted(decimals: 0), (InterleavedRounds.median(many) * 1000).formatted(decimals: 2), (percentile99(many) * 1000).formatted(decimals: 2),
                       (1e6 / rate - 1e6 / referenceRate).formatted(decimals: 0)])
        }
        print(table.render())
        print("fsyncs/s of this disk: \(try fsyncRate().formatted(decimals: 0)) (the file journal and SQLite sync at every write)\n")
    }

    private static func percentile99(_ sorted: [Double]) -> Double {
        sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
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
