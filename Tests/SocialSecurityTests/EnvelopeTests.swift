import Foundation
import Synchronization
import IDCore
@testable import SocialSecurity
import Testing

@Suite("The national envelope, message ids and times")
struct EnvelopeTests {
    private static let sentAt = Date(timeIntervalSince1970: 1_795_600_000)  // 2026-11-25 17:46:40 +08:00

    @Test("A request envelope has the specification's members and reads back the same")
    func requestEnvelope() throws {
        let id = MessageID(institution: try InstitutionCode("H44030500017"), sentAt: Self.sentAt, sequence: 42)
        #expect(id.text == "H44030500017202611251746400042")
        let request = InterfaceRequest(
            transaction: .personInfo, messageID: id, treatmentArea: try InsuranceArea("440300"), insuredArea: nil, receiverSystem: "HSA",
            signatureType: "SM2", signatureKeyID: "kid-1", operatorType: .clerk, operatorCode: "C0012", operatorName: "张敏", time: Self.sentAt,
            institution: try InstitutionCode("H44030500017"), institutionName: "北京大学深圳医院", signInNumber: "440300202611250001", input: .object([:]))
        let text = String(decoding: request.json.serialized, as: UTF8.self)
        #expect(text == #"{"cainfo":"kid-1","fixmedins_code":"H44030500017","fixmedins_name":"北京大学深圳医院","inf_time":"2026-11-25 17:46:40","infno":"1101","infver":"V1.0","input":{},"mdtrtarea_admvs":"440300","msgid":"H44030500017202611251746400042","opter":"C0012","opter_name":"张敏","opter_type":"1","recer_sys_code":"HSA","sign_no":"440300202611250001","signtype":"SM2"}"#)
        #expect(try InterfaceRequest(json: JSONObjectReader(JSONValue(parsing: request.json.serialized))) == request)
        var complete = request
        complete.insuredArea = try InsuranceArea("510100")
        complete.deviceNumber = "POS-7"
        complete.input = .object(["data": .object(["psn_no": .string("P1\n\"")])])
        #expect(try InterfaceRequest(json: JSONObjectReader(JSONValue(parsing: complete.json.serialized))) == complete)
    }

    @Test("An answer envelope reads back the same, refusal members included")
    func responseEnvelope() throws {
        let accepted = InterfaceResponse(code: 0, platformMessageID: "440300202611251746400000000001", receivedAt: "20261125174640000",
                                         respondedAt: "20261125174640012", output: .object(["balc": .number(JSONNumber(text: "12.50")!)]))
        let refused = InterfaceResponse(code: -1, platformMessageID: "440300202611251746400000000002", receivedAt: "20261125174640000",
                                        respondedAt: "20261125174640012", errorMessage: "已结算", errorCode: .alreadySettled, output: .null)
        for response in [accepted, refused] {
            #expect(try InterfaceResponse(json: JSONObjectReader(JSONValue(parsing: response.json.serialized))) == response)
        }
    }

    @Test("A message id is the institution, the time and four digits; anything else is refused")
    func messageIDs() throws {
        let id = try MessageID("H44030500017202611251746400042")
        #expect(id.institution.code == "H44030500017" && id.sentAt == Self.sentAt)
        for text in ["H44030500017202611251746400", "h44030500017202611251746400042", "H44030500017202613251746400042",
                     "H44030500017202611251746400X42", "H4403050001720261125174640004２"] {
            #expect(throws: ConnectorError(.malformedRequest, "")) { try MessageID(text) }
        }
        #expect(throws: ConnectorError(.malformedRequest, "")) { try InstitutionCode("H4403") }
        #expect(throws: ConnectorError(.malformedRequest, "")) { try InsuranceArea("44030") }
    }

    @Test("The generator never repeats an id: terminals own their thousands, a clock that steps back keeps counting")
    func generator() async throws {
        final class SteppingClock: Sendable {
            let times: [Date]
            let position = Atomic<Int>(0)
            init(_ times: [Date]) { self.times = times }
            func now() -> Date { times[min(position.add(1, ordering: .relaxed).oldValue, times.count - 1)] }
        }
        let institution = try InstitutionCode("H44030500017")
        let clock = SteppingClock([Self.sentAt, Self.sentAt.addingTimeInterval(1), Self.sentAt, Self.sentAt])
        let generator = try MessageIDGenerator(institution: institution, terminal: 3, clock: { clock.now() })
        let ids = try await [generator.next(), generator.next(), generator.next(), generator.next()]
        #expect(Set(ids).count == 4)
        #expect(ids.allSatisfy { $0.text.dropFirst(26).hasPrefix("3") })
        #expect(throws: ConnectorError(.malformedRequest, "")) { try MessageIDGenerator(institution: institution, terminal: 10) }
        // Two terminals of one institution in the same second.
        let fixed = Self.sentAt
        let one = try MessageIDGenerator(institution: institution, terminal: 0, clock: { fixed })
        let two = try MessageIDGenerator(institution: institution, terminal: 1, clock: { fixed })
        var seen = Set<MessageID>()
        for _ in 0..<500 {
            seen.insert(try await one.next())
            seen.insert(try await two.next())
        }
        #expect(seen.count == 1000)
    }

    @Test("Interface times are China Standard Time in three forms, and RFC 3339 reads any offset")
    func times() throws {
        let time = ChinaTime(Self.sentAt.addingTimeInterval(0.123))
        #expect(time.interfaceDateTime == "2026-11-25 17:46:40")
        #expect(time.compact == "20261125174640")
        #expect(time.compactWithMilliseconds == "20261125174640123")
        #expect(time.rfc3339 == "2026-11-25T17:46:40+08:00")
        #expect(try ChinaTime.parseInterfaceDateTime("2026-11-25 17:46:40", member: "t") == Self.sentAt)
        #expect(try ChinaTime.parseRFC3339("2026-11-25T09:46:40Z") == Self.sentAt)
        #expect(try ChinaTime.parseRFC3339("2026-11-25t09:46:40.5z") == Self.sentAt.addingTimeInterval(0.5))
        for text in ["2026-11-25 16:26", "2026-11-25T17:46:40+08:00", "2026-02-30 10:00:00", "2026-11-25 24:00:00"] {
            #expect(throws: ConnectorError(.malformedRequest, "")) { try ChinaTime.parseInterfaceDateTime(text, member: "t") }
        }
    }

    @Test("An answer envelope with a refusal reads as its catalogue code; one without a code is retryable")
    func answers() throws {
        let refused = try InterfaceResponse(json: JSONObjectReader(JSONValue(parsing: Data(#"{"infcode":-1,"inf_refmsgid":"x","refmsg_time":"","respond_time":"","err_msg":"余额不足","err_code":"insufficient-balance","output":null}"#.utf8))))
        #expect(refused.error?.code == .insufficientBalance && !refused.isSuccess)
        let plain = try InterfaceResponse(json: JSONObjectReader(JSONValue(parsing: Data(#"{"infcode":"-1","err_msg":"系统异常"}"#.utf8))))
        #expect(plain.error?.code == .internalError && plain.error?.code.isRetryable == true)
        #expect(throws: ConnectorError(.invalidResponse, "")) {
            try InterfaceResponse(json: JSONObjectReader(JSONValue(parsing: Data(#"{"infcode":true}"#.utf8))))
        }
    }
}
