import Testing
@testable import ClaimRules

/// The packed code table behind `ICD10CMCodeSet`: lookups agree with a plain dictionary for every code
/// shape (3 to 7 characters, letters in any position after the first), misses and malformed input.
@Suite struct ICD10CMCodeSetTests {
    static let entries: [String: ICD10CMEntry] = [
        "A00": .init(billable: false), "A000": .init(billable: true), "A009": .init(billable: true),
        "C4A": .init(billable: false), "C4A0": .init(billable: true),
        "G63": .init(billable: true, manifestation: true),
        "M62": .init(billable: false), "M628": .init(billable: false), "M6281": .init(billable: true),
        "S72001": .init(billable: false), "S72001A": .init(billable: true),
        "T360X": .init(billable: false), "T360X1": .init(billable: false), "T360X1A": .init(billable: true),
        "Z3A": .init(billable: false), "Z3A00": .init(billable: true),
        "Z9989": .init(billable: true), "U099": .init(billable: true),
    ]

    static func date(_ text: String) -> CalendarDate { CalendarDate(text) ?? .epoch }

    static func codeSet(_ entries: [String: ICD10CMEntry] = entries) -> ICD10CMCodeSet {
        ICD10CMCodeSet(id: "test", effective: date("2025-10-01"), through: date("2026-09-30"), digest: "d", entries: entries)
    }

    @Test func everyCodeIsFoundWithItsEntry() {
        let set = Self.codeSet()
        #expect(set.count == Self.entries.count)
        for (code, entry) in Self.entries { #expect(set.lookup(code) == entry, "\(code)") }
        #expect(set.billableCount == Self.entries.values.filter(\.billable).count)
        #expect(set.manifestationCount == 1)
    }

    @Test(arguments: ["A0", "A01", "A0000", "M6282", "S72001B", "S7200", "T360X1", "Z99", "ZZZ", "B00", "A00000000", "m6281", "M62.81", "", "1234", "U0"])
    func lookupAgreesWithADictionaryForHitsMissesAndUnnormalizedText(code: String) {
        let expected = Self.entries[code]
        #expect(Self.codeSet().lookup(code) == expected)
    }

    @Test func entriesComeBackSortedAndRebuildTheSameSet() {
        let set = Self.codeSet()
        let listed = set.entries
        #expect(listed.map(\.code) == Self.entries.keys.sorted())
        var builder = ICD10CMCodeSet.Builder()
        for item in listed.reversed() { builder.add(item.code, item.entry) }
        let rebuilt = ICD10CMCodeSet(id: "x", effective: Self.date("2025-10-01"), digest: "", source: "", codes: builder)
        #expect(rebuilt.entries.map(\.code) == listed.map(\.code))
        #expect(rebuilt.entries.map(\.entry) == listed.map(\.entry))
    }

    @Test func builderRefusesMalformedCodesAndKeepsTheFirstOfADuplicate() {
        var builder = ICD10CMCodeSet.Builder()
        let added = [
            builder.add("M6281", .init(billable: true)), builder.add("M6281", .init(billable: false, manifestation: true)),
            builder.add("m6281", .init(billable: true)), builder.add("1AB", .init(billable: true)),
            builder.add("M62.81", .init(billable: true)), builder.add("AB", .init(billable: true)),
            builder.add("A12345678", .init(billable: true)),
        ]
        #expect(added == [true, true, false, false, false, false, false])
        let set = ICD10CMCodeSet(id: "x", effective: Self.date("2025-10-01"), digest: "", source: "", codes: builder)
        #expect(set.count == 1)
        #expect(set.lookup("M6281") == ICD10CMEntry(billable: true))
    }

    @Test(arguments: [("M62.81", "M6281"), ("m6281", "M6281"), ("S72.001A", "S72001A"), ("g63", "G63"), ("Z99.89", "Z9989")])
    func normalizeAcceptsDotsAndLowerCase(input: String, expected: String) {
        #expect(ICD10CMCodeSet.normalize(input) == expected)
    }

    @Test(arguments: ["M6.281", "M62..81", "M62.", "62.81", "M62 81", "M62.81234", "MÉ281", "AB", "", "S72.001AB"])
    func normalizeRefusesWhatCannotBeACode(input: String) {
        #expect(ICD10CMCodeSet.normalize(input) == nil)
    }

    @Test func catalogPicksTheLatestReleaseInForce() {
        let year = ICD10CMCodeSet(id: "fy", effective: Self.date("2025-10-01"), through: Self.date("2026-09-30"), digest: "", entries: [:])
        let april = ICD10CMCodeSet(id: "apr", effective: Self.date("2026-04-01"), through: Self.date("2026-09-30"), digest: "", entries: [:])
        let catalog = ICD10CMCatalog([april, year])
        #expect(catalog.codeSet(on: Self.date("2025-10-01"))?.id == "fy")
        #expect(catalog.codeSet(on: Self.date("2026-03-31"))?.id == "fy")
        #expect(catalog.codeSet(on: Self.date("2026-04-01"))?.id == "apr")
        #expect(catalog.codeSet(on: Self.date("2026-09-30"))?.id == "apr")
        #expect(catalog.codeSet(on: Self.date("2026-10-01")) == nil)
        #expect(catalog.codeSet(on: Self.date("2025-09-30")) == nil)
    }
}
