import Foundation
import IDCore
import Testing

@Suite("Administrative divisions (GB/T 2260)")
struct AdministrativeDivisionTests {
    @Test("All 34 province-level divisions, including Taiwan, Hong Kong and Macao")
    func provinces() throws {
        let provinces = AdministrativeDivision.provinces
        #expect(provinces.count == 34)
        #expect(provinces.allSatisfy { $0.level == .province && $0.parent == nil && $0.province == $0 })
        #expect(try AdministrativeDivision(code: "71").chineseName == "台湾省")
        #expect(try AdministrativeDivision(code: "81").englishName == "Hong Kong Special Administrative Region")
        #expect(try AdministrativeDivision(code: "820000").chineseName == "澳门特别行政区")
        #expect(try AdministrativeDivision(code: "45").englishName == "Guangxi Zhuang Autonomous Region")
    }

    @Test("Every prefecture-level division: 333 of them besides the statistical groupings")
    func prefectures() {
        let prefectures = AdministrativeDivision.provinces.flatMap(\.children).filter { $0.level == .prefecture }
        #expect(prefectures.filter { !$0.isStatisticalGrouping }.count == 333)
        #expect(prefectures.filter(\.isStatisticalGrouping).map(\.code).sorted() == ["110100", "120100", "310100", "419000", "429000", "469000", "500100", "500200", "659000"])
    }

    @Test("The places of the 2018 pilots are named", arguments: [
        ("4401", "广州市", "Guangzhou"), ("440115", "南沙区", "Nansha District"), ("4403", "深圳市", "Shenzhen"),
        ("5101", "成都市", "Chengdu"), ("4101", "郑州市", "Zhengzhou"), ("4301", "长沙市", "Changsha"),
        ("2101", "沈阳市", "Shenyang"), ("3205", "苏州市", "Suzhou"), ("45", "广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
    ])
    func pilots(code: String, chinese: String, english: String) throws {
        let division = try AdministrativeDivision(code: code)
        #expect(division.chineseName == chinese)
        #expect(division.englishName == english)
        #expect(division.shortCode == code)
    }

    /// Names with characters read otherwise outside place names, as their official
    /// romanisations have them.
    static let hardNameExpectations: [(String, String)] = [
        ("330382", "Yueqing"), ("320116", "Luhe District"), ("222404", "Hunchun"), ("130726", "Yu County"), ("141024", "Hongtong County"),
        ("130225", "Laoting County"), ("371481", "Laoling"), ("140428", "Zhangzi County"), ("140924", "Fanshi County"),
        ("141100", "Lüliang"), ("532531", "Lüchun County"), ("410621", "Xun County"), ("411100", "Luohe"), ("341621", "Guoyang County"),
        ("350105", "Mawei District"), ("410122", "Zhongmou County"), ("411104", "Shaoling District"), ("421303", "Zengdu District"),
        ("441821", "Fogang County"), ("510682", "Shifang"), ("511822", "Yingjing County"), ("231085", "Muling"), ("310112", "Minhang District"),
        ("370686", "Qixia"), ("430407", "Shigu District"), ("620722", "Minle County"), ("511527", "Junlian County"), ("520203", "Liuzhi Special District"),
        ("440113", "Panyu District"), ("361124", "Yanshan County"), ("331100", "Lishui"), ("331000", "Taizhou"), ("331023", "Tiantai County"),
        ("441422", "Dabu County"), ("371524", "Dong'e County"), ("340300", "Bengbu"), ("341021", "She County"), ("341500", "Lu'an"),
        ("371722", "Shan County"), ("371522", "Shen County"), ("511123", "Qianwei County"), ("510117", "Pidu District"), ("652927", "Wushi County"),
        ("130502", "Xiangdu District"), ("653225", "Cele County"),
    ]

    @Test("Place names with polyphonic characters are romanised as places", arguments: hardNameExpectations)
    func hardNames(code: String, english: String) throws {
        #expect(try AdministrativeDivision(code: code).englishName == english)
    }

    @Test("The table has the latest published changes: Hekang and He'an counties (December 2024), Milin and Cuona cities (2023)")
    func latestChanges() throws {
        #expect(try AdministrativeDivision(code: "653228").chineseName == "和康县")
        #expect(try AdministrativeDivision(code: "653229").englishName == "He'an County")
        #expect(try AdministrativeDivision(code: "653229").parent?.chineseName == "和田地区")
        #expect(try AdministrativeDivision(code: "540481").chineseName == "米林市")
        guard case .abolished(let records) = try AdministrativeDivision.status(ofCode: "540422") else { Issue.record("540422 not abolished"); return }
        #expect(records.map(\.description) == ["540422 米林县 (Milin County), 2015–2023 → 540481"])
    }

    @Test("A code is current, abolished with its history, or never existed; malformed codes throw")
    func codeStatus() throws {
        let nansha = try AdministrativeDivision(code: "440115")
        #expect(try AdministrativeDivision.status(ofCode: "440115") == .current(nansha))
        guard case .abolished(let chongwen) = try AdministrativeDivision.status(ofCode: "110103") else { Issue.record("110103"); return }
        #expect(chongwen.first?.years == 1981..<2010 && chongwen.first?.successorCodes == ["110101"])
        #expect(try AdministrativeDivision.status(ofCode: "449999") == .neverExisted)
        // A code in use today with an earlier name keeps that history.
        #expect(AdministrativeDivision.history(ofCode: "440111").map(\.chineseName) == ["郊区"])
        for malformed in ["4401", "44011a", "", "4401155"] {
            #expect(throws: IDCoreError(.unknownDivision, "")) { try AdministrativeDivision.status(ofCode: malformed) }
        }
    }

    @Test("Navigation from county to prefecture to province and back")
    func navigation() throws {
        let nansha = try AdministrativeDivision(code: "440115")
        #expect(nansha.level == .county)
        let guangzhou = try #require(nansha.parent)
        #expect(guangzhou.code == "440100")
        #expect(guangzhou.parent?.code == "440000")
        #expect(nansha.province.englishName == "Guangdong Province")
        #expect(guangzhou.children.contains(nansha))
        #expect(guangzhou.children.allSatisfy { $0.parent == guangzhou })
        #expect(nansha.fullChineseName == "广东省广州市南沙区")
        let dongcheng = try AdministrativeDivision(code: "110101")
        #expect(dongcheng.parent?.isStatisticalGrouping == true)
        #expect(dongcheng.fullChineseName == "北京市东城区")
        #expect(try AdministrativeDivision(code: "419001").parent?.code == "419000")
    }

    @Test("Every division resolves to a province and is among its parent's children")
    func wholeTree() {
        var counted = 0
        var queue = AdministrativeDivision.provinces
        while let division = queue.popLast() {
            counted += 1
            for child in division.children {
                #expect(child.parent == division)
                #expect(child.province == division.province)
                queue.append(child)
            }
        }
        #expect(counted > 3000)
    }

    @Test("Unknown and malformed codes are errors, not guesses", arguments: ["99", "4499", "440198", "4", "44011", "4401155", "44a1", "", "４４"])
    func unknownCodes(code: String) {
        #expect(throws: IDCoreError(.unknownDivision, "")) { try AdministrativeDivision(code: code) }
    }

    @Test("Codable as the six-digit code, refusing unknown codes")
    func coding() throws {
        let nansha = try AdministrativeDivision(code: "440115")
        let json = try JSONEncoder().encode([nansha])
        #expect(String(decoding: json, as: UTF8.self) == "[\"440115\"]")
        #expect(try JSONDecoder().decode([AdministrativeDivision].self, from: json) == [nansha])
        #expect(throws: IDCoreError(.unknownDivision, "")) { try JSONDecoder().decode([AdministrativeDivision].self, from: Data("[\"449999\"]".utf8)) }
    }
}
