import Foundation
import PensionDomain
import Testing

@Suite struct TownshipCatalogTests {
    @Test func loadsTheCounty() throws {
        let catalog = try Fixtures.townships()
        #expect(catalog.countyCode == "510623")
        #expect(catalog.countyName == "中江县")
        #expect(catalog.townships.count == 45)
        #expect(catalog.townships.filter { $0.kind == .town }.count == 29)
        #expect(catalog.townships.filter { $0.kind == .township }.count == 16)
        #expect(catalog["510623100"]?.name == "凯江镇")
        #expect(catalog[code: "510623221"]?.name == "合兴乡")
        #expect(catalog["510623999"] == nil)
    }

    @Test func townshipsAreSortedAndNamedByKind() throws {
        let catalog = try Fixtures.townships()
        #expect(catalog.townships.map(\.code) == catalog.townships.map(\.code).sorted())
        for township in catalog.townships {
            #expect(township.name.hasSuffix(township.kind == .town ? "镇" : "乡"))
            #expect(township.code.hasPrefix("510623") && township.code.count == 9)
        }
    }

    @Test(arguments: [
        (#"[{"code": "510623100", "name": "凯江镇", "kind": "town"}, "#
            + #"{"code": "510623100", "name": "南华镇", "kind": "town"}]"#,
         "510623100 is listed twice"),
        (#"[{"code": "510624100", "name": "凯江镇", "kind": "town"}]"#, "510624100"),
        (#"[{"code": "51062310", "name": "凯江镇", "kind": "town"}]"#, "51062310"),
        (#"[{"code": "510623100", "name": "凯江镇", "kind": "city"}]"#, "townships[0].kind"),
        (#"[{"code": "510623100", "kind": "town"}]"#, "townships[0].name"),
    ])
    func rejectsInvalidCatalogs(townships: String, problem: String) {
        let json = #"{"county": {"code": "510623", "name": "中江县"}, "townships": "# + townships + "}"
        let error = #expect(throws: ConfigurationError.self) { try TownshipCatalog(decoding: Data(json.utf8)) }
        #expect(error?.source == "townships")
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func rejectsMissingFileAndBadJSON() {
        #expect(throws: ConfigurationError.self) {
            try TownshipCatalog.load(from: Fixtures.configURL("no-such-file.json"))
        }
        let error = #expect(throws: ConfigurationError.self) { try TownshipCatalog(decoding: Data("{".utf8)) }
        #expect(error?.problem == "not valid JSON")
    }
}
