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
        let query = PersonInfoQuery(credential: .identityCard(card.idNumber))
        let person = PersonInfo(
            person: .init(personNumber: "P440300000001", certificateType: .residentIdentityCard, certificateNumber: CertificateNumber(card.idNumber),
                          name: try PersonName("李娜"), gender: .female, ethnicityCode: "01", birthDate: card.idNumber.birthDate),
            insurance: [.init(balance: try Yuan("1200.00"), insuranceType: .employeeBasic, personType: "11", status: .active,
                              insuredSince: try CalendarDate(year: 2010, month: 7, day: 1), insuredArea: try InsuranceArea("440300"), employer: "深圳市某科技有限公司")])
        let input = SettlementInput(personNumber: "P440300000001", credential: .identityCard(card.idNumber), total: try Yuan("160.50"),
                                    visitID: "V440300000000000002", chargeBatch: "B1", insuranceType: .employeeBasic, invoiceNumber: "FP0001",
                                    preSettled: .init(fullyOwnPay: try Yuan("25.00"), overLimitSelfPay: .zero, preSelfPay: try Yuan("5.55"), withinPolicy: try Yuan("129.95")))
        let info = try SettlementInfo(
            visitID: "V440300000000000002", settlementID: "S440300000000000003", personNumber: "P440300000001", personName: PersonName("李娜"),
            insuranceType: .employeeBasic, medicalType: .generalOutpatient, settledAt: Date(timeIntervalSince1970: 1_795_600_000), total: Yuan("160.50"),
            fullyOwnPay: Yuan("25.00"), preSelfPay: Yuan("5.55"), withinPolicy: Yuan("129.95"), funds: FundPayments(pooledFund: Yuan("90.97")),
            pooledFundProportion: Proportion("0.7"), personalAccount: Yuan("69.53"), cash: .zero, balance: Yuan("1130.47"),
            institutionSettlementID: "H44030500017202611251746400006", clearingAgency: InsuranceArea("440300"), clearingType: .outpatient)
        let settlement = SettlementResult(info: info, fundShares: [FundShare(type: .employeePooledFund, withinPolicy: try Yuan("129.95"), amount: try Yuan("90.97"))])
        try measure([
            message("1101 input", as: Mirror.PersonInfoQuery.self, query),
            message("1101 output", as: Mirror.PersonInfo.self, person),
            message("2207 input", as: Mirror.SettlementInput.self, input),
            message("2207 output", as: Mirror.SettlementResult.self, settlement),
            codable("virtual ID card", card),
        ], seconds: seconds, rounds: rounds)
        print("\nSDK: compact, sorted member names, strict parser (duplicates refused), amounts as exact decimals. Foundation: JSONEncoder with")
        print(".sortedKeys, JSONDecoder, on the same bodies as structs with synthesised Codable and Decimal amounts (what an integrator would write).")
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

    /// An interface message, coded as the connector codes it; Foundation codes the same body as
    /// `Reference`, a struct with synthesised `Codable`.
    private static func message<Value: InterfaceMessage, Reference: Codable>(_ name: String, as reference: Reference.Type, _ value: Value) throws -> Sample {
        try sample(name, value, reference: reference, encode: { Data($0.json.serialized) }, decode: { try Value(jsonValue: JSONValue(parsing: $0)) })
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
        guard sameJSON(try JSONValue(parsing: bytes), try JSONValue(parsing: foundationEncoder.encode(referenceValue))) else {
            throw BenchmarkError("the SDK and Foundation encode \(name) differently")
        }
        return Sample(
            name: name, bytes: bytes,
            encodeSDK: { _ = try encode(value) },
            encodeFoundation: { _ = try foundationEncoder.encode(referenceValue) },
            decodeSDK: { _ = try decode(bytes) },
            decodeFoundation: { _ = try JSONDecoder().decode(Reference.self, from: bytes) })
    }

    /// The same JSON, numbers compared by value: Foundation writes `Decimal(160.50)` as `160.5`.
    private static func sameJSON(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let left), .object(let right)):
            left.count == right.count && left.allSatisfy { name, value in right[name].map { sameJSON(value, $0) } ?? false }
        case (.array(let left), .array(let right)):
            left.count == right.count && zip(left, right).allSatisfy(sameJSON)
        case (.integer, .number), (.number, .integer), (.number, .number):
            Decimal(string: "\(lhs)") == Decimal(string: "\(rhs)")
        default:
            lhs == rhs
        }
    }

    /// The interface's bodies as Foundation users would declare them, with `Decimal` amounts.
    private enum Mirror {
        struct PersonInfoQuery: Codable {
            struct Data: Codable { let mdtrt_cert_type, mdtrt_cert_no, psn_cert_type, certno: String }
            let data: Data
        }

        struct PersonInfo: Codable {
            struct Base: Codable { let psn_no, psn_cert_type, certno, psn_name, gend, naty, brdy: String }
            struct Insurance: Codable {
                let balc: Decimal
                let insutype, psn_type, psn_insu_stas, psn_insu_date, cvlserv_flag, insuplc_admdvs, emp_name: String
            }
            let baseinfo: Base
            let insuinfo: [Insurance]
            let idetinfo: [String]
        }

        struct SettlementInput: Codable {
            struct Data: Codable {
                let psn_no, mdtrt_cert_type, mdtrt_cert_no, med_type, psn_setlway, mdtrt_id, chrg_bchno, acct_used_flag, insutype, invono: String
                let medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt: Decimal
            }
            let data: Data
        }

        struct SettlementResult: Codable {
            struct Info: Codable {
                let mdtrt_id, setl_id, psn_no, psn_name, insutype, med_type, setl_time, medins_setl_id, clr_optins, clr_type: String
                let medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt, act_pay_dedc, hifp_pay, cvlserv_pay, hifes_pay,
                    hifmi_pay, hifob_pay, maf_pay, oth_pay, pool_prop_selfpay, fund_pay_sumamt, psn_part_amt, acct_pay, acct_mulaid_pay, psn_cash_pay,
                    hosp_part_amt, balc: Decimal
            }
            struct Share: Codable {
                let fund_pay_type: String
                let inscp_scp_amt, fund_payamt: Decimal
            }
            let setlinfo: Info
            let setldetail: [Share]
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
