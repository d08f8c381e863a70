import Foundation
import IDCore
@testable import SocialSecurity
import Testing

@Suite("Amounts, quantities and prices are exact decimals with bounds")
struct MoneyTests {
    @Test("Yuan read and write two decimals exactly, whatever the JSON form")
    func yuanText() throws {
        for (text, fen, written) in [("160.50", 16050, "160.50"), ("160.5", 16050, "160.50"), ("160", 16000, "160.00"), ("-0.01", -1, "-0.01"),
                                     ("0.100", 10, "0.10"), ("007.00", 700, "7.00"), ("99999999999999.99", 9_999_999_999_999_999, "99999999999999.99")] {
            let amount = try Yuan(text)
            #expect(amount.fen == Int64(fen), "\(text)")
            #expect(amount.description == written)
            #expect(String(decoding: amount.json.serialized, as: UTF8.self) == written)
        }
        for value: JSONValue in [.integer(12), .number(try #require(JSONNumber(text: "12.00"))), .string("12")] {
            #expect(try Yuan(json: value, member: "x") == (try Yuan(fen: 1200)))
        }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan(json: .bool(true), member: "x") }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan("1.005") }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan(" 1") }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan("+1") }
    }

    @Test("Half rounds away from zero (四舍五入) in products, and 128-bit products never trap")
    func rounding() throws {
        #expect(try Yuan("0.05").multiplied(by: Proportion("0.5")) == (try Yuan("0.03")))
        #expect(try Yuan("-0.05").multiplied(by: Proportion("0.5")) == (try Yuan("-0.03")))
        #expect(try Yuan("0.04").multiplied(by: Proportion("0.5")) == (try Yuan("0.02")))
        #expect(try UnitPrice("0.333333").total(for: FeeQuantity("3")) == (try Yuan("1.00")))
        #expect(try UnitPrice("0.005").total(for: FeeQuantity("1")) == (try Yuan("0.01")))
        #expect(try UnitPrice("0.004999").total(for: FeeQuantity("1")) == .zero)
        #expect(try UnitPrice("18.5").total(for: FeeQuantity("3")) == (try Yuan("55.50")))
        #expect(roundedProduct(.max, .max, dividedBy: 1) == nil)
        #expect(roundedProduct(.min, 1, dividedBy: 1) == nil)
        #expect(roundedProduct(-7, 1, dividedBy: 2) == -4)
        #expect(try Yuan("99999999999999.99").multiplied(by: Proportion("1")) == (try Yuan("99999999999999.99")))
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Yuan("99999999999999.99").multiplied(by: Proportion("9.9999")) }
    }

    @Test("Quantities, prices and proportions keep their own bounds and signs")
    func otherDecimals() throws {
        #expect(try FeeQuantity("1.5").description == "1.5")
        #expect(try FeeQuantity("1.5").json == .number(try #require(JSONNumber(text: "1.5"))))
        #expect(try FeeQuantity("3").json == .integer(3))
        #expect(try FeeQuantity(units: 2).tenThousandths == 20_000)
        #expect(throws: ConnectorError(.invalidAmount, "")) { try FeeQuantity(units: .max) }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try FeeQuantity("1.00001") }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try FeeQuantity("1").subtracting(FeeQuantity("2")) }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try UnitPrice("-1") }
        #expect(throws: ConnectorError(.invalidAmount, "")) { try UnitPrice("10000000000") }
        #expect(try UnitPrice(Yuan("18.50")).millionths == 18_500_000)
        #expect(throws: ConnectorError(.invalidAmount, "")) { try Proportion("10") }
        #expect(try Proportion("0.7").complement() == (try Proportion("0.3")))
    }

    @Test("A settlement's parts must add up to its total, in either sign")
    func settlementInvariants() throws {
        func info(total: String, pooled: String, account: String, cash: String) throws -> SettlementInfo {
            try SettlementInfo(visitID: "V1", settlementID: "S1", personNumber: "P1", personName: PersonName("王建国"), insuranceType: .employeeBasic,
                               medicalType: .generalOutpatient, settledAt: Date(timeIntervalSince1970: 0), total: Yuan(total), fullyOwnPay: .zero,
                               preSelfPay: .zero, withinPolicy: Yuan(total), funds: FundPayments(pooledFund: Yuan(pooled)), pooledFundProportion: nil,
                               personalAccount: Yuan(account), cash: Yuan(cash), balance: .zero, institutionSettlementID: nil, clearingAgency: nil, clearingType: nil)
        }
        let good = try info(total: "100.00", pooled: "70.00", account: "20.00", cash: "10.00")
        #expect(good.fundTotal == (try Yuan("70.00")))
        #expect(good.personalTotal == (try Yuan("30.00")))
        #expect(throws: ConnectorError(.amountMismatch, "")) { try info(total: "100.00", pooled: "70.00", account: "20.00", cash: "10.01") }
        #expect(throws: ConnectorError(.amountMismatch, "")) { try info(total: "100.00", pooled: "110.00", account: "0.00", cash: "-10.00") }
        let reversal = try good.reversal(settlementID: "R1", at: Date(timeIntervalSince1970: 0), balance: .zero, institutionSettlementID: "M")
        #expect(reversal.isReversal)
        #expect(reversal.total == (try Yuan("-100.00")))
        #expect(reversal.cash == (try Yuan("-10.00")))
        // Read from a platform, stated totals must be the sums of their parts.
        var json = try #require(SettlementResult(info: good, fundShares: []).json.objectValue)
        var setlinfo = try #require(json["setlinfo"]?.objectValue)
        setlinfo["fund_pay_sumamt"] = try Yuan("70.01").json
        json["setlinfo"] = .object(setlinfo)
        #expect(throws: ConnectorError(.amountMismatch, "")) { try SettlementResult(jsonValue: .object(json)) }
    }
}
