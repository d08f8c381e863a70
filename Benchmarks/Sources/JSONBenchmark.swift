import Foundation
import IDCore
import SocialSecurity

/// The SDK's JSON codec (sorted compact output, strict parsing) on the bodies it signs, beside
/// Foundation's `JSONEncoder` (sorted keys) and `JSONDecoder` on the same values, in the same run.
enum JSONBenchmark {
    static func run(seconds: Double, rounds: Int) throws {
        print("JSON bodies: encode and decode, one thread, best of \(rounds) rounds of \(seconds) s\n")
        let card = try SampleCard.make()
        let patient = card.idNumber
        try measure([
            sample("eligibility request", EligibilityRequest(idNumber: patient, serviceDate: .today())),
            sample("eligibility answer", EligibilityResponse(insured: true, insuranceType: .employee, personalAccountFen: 100_000,
                                                             annualFundUsedFen: 120_000, annualFundLimitFen: 30_000_000)),
            sample("settlement request", SettlementRequest(idNumber: patient, visitID: "visit-0001", items: [
                BillItem(code: "D104", name: "Amoxicillin 0.25 g", category: .drug, quantity: 2, unitPriceFen: 1_850),
                BillItem(code: "E001", name: "Outpatient consultation", category: .service, quantity: 1, unitPriceFen: 2_500),
                BillItem(code: "L203", name: "Complete blood count", category: .exam, quantity: 1, unitPriceFen: 3_000),
            ])),
            sample("virtual ID card", card),
        ], seconds: seconds, rounds: rounds)
        print("\nSDK: compact, sorted member names, strict parser (duplicates refused). Foundation: JSONEncoder with .sortedKeys, JSONDecoder.")
        print("cost ratio = SDK time / Foundation time (below 1: the SDK is faster)")
    }

    private struct Sample {
        let name: String
        let bytes: Data
        let encodeSDK: () throws -> Void
        let encodeFoundation: () throws -> Void
        let decodeSDK: () throws -> Void
        let decodeFoundation: () throws -> Void
    }

    private static func sample<Value: Codable>(_ name: String, _ value: Value) throws -> Sample {
        let foundationEncoder = JSONEncoder()
        foundationEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = Data(try JSONValue.serialized(encoding: value))
        guard try JSONValue(parsing: bytes) == JSONValue(parsing: foundationEncoder.encode(value)) else {
            throw BenchmarkError("the SDK and Foundation encode \(name) differently")
        }
        return Sample(
            name: name, bytes: bytes,
            encodeSDK: { _ = try JSONValue.serialized(encoding: value) },
            encodeFoundation: { _ = try foundationEncoder.encode(value) },
            decodeSDK: { _ = try JSONValue(parsing: bytes).decoded(as: Value.self) },
            decodeFoundation: { _ = try JSONDecoder().decode(Value.self, from: bytes) })
    }

    private static func measure(_ samples: [Sample], seconds: Double, rounds: Int) throws {
        var table = ResultTable(columns: ["body", "bytes", "encode µs SDK", "Foundation", "cost ratio", "decode µs SDK", "Foundation", "cost ratio"])
        for sample in samples {
            func best(_ operation: () throws -> Void) throws -> Double {
                var rate = 0.0
                for _ in 0..<rounds { rate = max(rate, try Throughput.measure(seconds: seconds, operation)) }
                return 1e6 / rate
            }
            let encode = (sdk: try best(sample.encodeSDK), foundation: try best(sample.encodeFoundation))
            let decode = (sdk: try best(sample.decodeSDK), foundation: try best(sample.decodeFoundation))
            table.add([sample.name, "\(sample.bytes.count)",
                       encode.sdk.formatted(decimals: 2), encode.foundation.formatted(decimals: 2), (encode.sdk / encode.foundation).formatted(decimals: 2),
                       decode.sdk.formatted(decimals: 2), decode.foundation.formatted(decimals: 2), (decode.sdk / decode.foundation).formatted(decimals: 2)])
        }
        print(table.render())
    }
}
