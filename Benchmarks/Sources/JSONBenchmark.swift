import Foundation
import IDCore
import SocialSecurity

/// The SDK's JSON codec (sorted compact output, strict parsing) on the bodies it signs, beside
/// Foundation's `JSONEncoder` (sorted keys) and `JSONDecoder` on the same values, in the same run:
/// connector bodies through their own member mapping, as the connector codes them, the virtual
/// ID card through `Codable`, as an issuer encodes it.
enum JSONBenchmark {
    static func run(seconds: Double, rounds: Int) throws {
        print("JSON bodies: encode and decode, one thread, best of \(rounds) rounds of \(seconds) s\n")
        let card = try SampleCard.make()
        let patient = card.idNumber
        try measure([
            message("eligibility request", as: Mirror.EligibilityRequest.self, EligibilityRequest(idNumber: patient, serviceDate: .today())),
            message("eligibility answer", as: Mirror.EligibilityResponse.self, EligibilityResponse(insured: true, insuranceType: .employee, personalAccountFen: 100_000,
                                                             annualFundUsedFen: 120_000, annualFundLimitFen: 30_000_000)),
            message("settlement request", as: Mirror.SettlementRequest.self, SettlementRequest(idNumber: patient, visitID: "visit-0001", items: [
                BillItem(code: "D104", name: "Amoxicillin 0.25 g", category: .drug, quantity: 2, unitPriceFen: 1_850),
                BillItem(code: "E001", name: "Outpatient consultation", category: .service, quantity: 1, unitPriceFen: 2_500),
                BillItem(code: "L203", name: "Complete blood count", category: .exam, quantity: 1, unitPriceFen: 3_000),
            ])),
            codable("virtual ID card", card),
        ], seconds: seconds, rounds: rounds)
        print("\nSDK: compact, sorted member names, strict parser (duplicates refused). Foundation: JSONEncoder with .sortedKeys, JSONDecoder,")
        print("on the same bodies as structs with synthesised Codable (what an integrator would write with Foundation).")
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

    /// A connector body, coded as the connector codes it; Foundation codes the same body as
    /// `Reference`, a struct with synthesised `Codable`.
    private static func message<Value: ConnectorMessage & Sendable, Reference: Codable>(_ name: String, as reference: Reference.Type, _ value: Value) throws -> Sample {
        try sample(name, value, reference: reference, encode: ProtocolJSON.encode, decode: { try ProtocolJSON.decode(Value.self, from: $0) })
    }

    /// Any `Codable` value through the SDK's `Codable` path, and through Foundation's.
    private static func codable<Value: Codable>(_ name: String, _ value: Value) throws -> Sample {
        try sample(name, value, reference: Value.self, encode: { Data(try JSONValue(encoding: $0).serialized) }, decode: { try JSONValue(parsing: $0).decoded(as: Value.self) })
    }

    private static func sample<Value, Reference: Codable>(
        _ name: String, _ value: Value, reference: Reference.Type, encode: @escaping (Value) throws -> Data, decode: @escaping (Data) throws -> Value
    ) throws -> Sample {
        let foundationEncoder = JSONEncoder()
        foundationEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = try encode(value)
        let referenceValue = try JSONDecoder().decode(Reference.self, from: bytes)
        guard try JSONValue(parsing: bytes) == JSONValue(parsing: foundationEncoder.encode(referenceValue)) else {
            throw BenchmarkError("the SDK and Foundation encode \(name) differently")
        }
        return Sample(
            name: name, bytes: bytes,
            encodeSDK: { _ = try encode(value) },
            encodeFoundation: { _ = try foundationEncoder.encode(referenceValue) },
            decodeSDK: { _ = try decode(bytes) },
            decodeFoundation: { _ = try JSONDecoder().decode(Reference.self, from: bytes) })
    }

    /// The connector bodies as Foundation users would declare them, checking the same values.
    private enum Mirror {
        struct EligibilityRequest: Codable {
            let id_number: ResidentIDNumber
            let service_date: CalendarDate
        }

        struct EligibilityResponse: Codable {
            let insured: Bool
            let insurance_type: SocialSecurity.EligibilityResponse.InsuranceType
            let personal_account_fen: Int64
            let annual_fund_used_fen: Int64
            let annual_fund_limit_fen: Int64
        }

        struct SettlementRequest: Codable {
            struct Item: Codable {
                let code: String
                let name: String
                let category: BillItem.Category
                let quantity: Int
                let unit_price_fen: Int64
            }

            let id_number: ResidentIDNumber
            let visit_id: String?
            let items: [Item]
        }
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
