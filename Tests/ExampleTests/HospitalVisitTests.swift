import HospitalVisitKit
import Testing

@Suite("HospitalVisit example: each transaction's outcome")
struct HospitalVisitTests {
    @Test("The day runs through every transaction; Chengdu is routed; Guangxi is the clear error")
    func day() async throws {
        let lines = try await HospitalVisit().run()
        #expect(lines.map(\.transaction) == [
            "Bind card (王建国, Shenzhen)", "Eligibility", "Appointment slots", "Book appointment", "Pre-settlement", "Settlement (journaled)",
            "Refund one item", "Daily reconciliation", "Bind card (刘芳, insured in Chengdu)", "Settlement (Chengdu)", "Card status (patient from Guangxi)",
        ])
        let failures = lines.dropLast().filter { !$0.succeeded }.map(\.outcome)
        #expect(failures.isEmpty, "\(failures)")
        #expect(lines[5].outcome.contains("total ¥160.50"))
        #expect(lines[7].outcome.hasSuffix("matches"))
        #expect(lines[8].outcome.contains("成都市"))
        let guangxi = try #require(lines.last)
        #expect(!guangxi.succeeded && guangxi.outcome.hasPrefix("unknown-province") && guangxi.requestID == "-")
        #expect(lines.dropLast().allSatisfy { $0.requestID.count == 22 })
    }
}
