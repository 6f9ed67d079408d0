import Testing
@testable import X12

/// Every problem the reader reports, each from a one-change mutation of the constructed file c01 (one
/// segment per line: the ordinal of a segment is its line number), at the segment and element where it is.
@Suite struct X12ReaderProblemTests {
    struct Case: CustomStringConvertible, Sendable {
        var code: X12ProblemCode
        var text: String
        var segment: Int
        var element: String?
        /// The problem belongs to the claim (it keeps the claim from being scrubbed).
        var inClaim = false
        var options = X12Reader.Options()
        var description: String { "\(code.rawValue) at \(segment)" }
    }

    static let c01 = X12Fixtures.c01
    static func m(_ old: String, _ new: String, keepCount: Bool = false) -> String {
        X12Fixtures.mutate(c01, old, new, keepCount: keepCount)
    }

    /// c01 with `count` service lines (charges add up).
    static func lines(_ count: Int) -> String {
        var body = ""
        for i in 1...count { body += "LX*\(i)~\nSV1*HC:97110:GP*10*UN*1***1~\nDTP*472*D8*20250303~\n" }
        let start = c01.range(of: "LX*1~")?.lowerBound ?? c01.endIndex
        let end = c01.range(of: "SE*")?.lowerBound ?? c01.endIndex
        return X12Fixtures.recount(String(c01[..<start]) + body + String(c01[end...]))
            .replacingOccurrences(of: "CLM*C01PT0001*195*", with: "CLM*C01PT0001*\(count * 10)*")
    }

    static var secondGroup: String {
        let start = c01.range(of: "GS*")?.lowerBound ?? c01.endIndex
        let end = c01.range(of: "IEA*")?.lowerBound ?? c01.endIndex
        return String(c01[start..<end])
    }

    static var secondTransaction: String {
        let start = c01.range(of: "ST*")?.lowerBound ?? c01.endIndex
        let end = c01.range(of: "GE*")?.lowerBound ?? c01.endIndex
        return String(c01[start..<end])
    }

    static let cases: [Case] = [
        // Interchange.
        Case(code: .isaUnreadable, text: c01 + "ISA*00*bad~\n", segment: 34),
        Case(code: .isaNotFixedWidth, text: c01.replacingOccurrences(of: "ISA*00*          *", with: "ISA*00*         *"), segment: 1),
        Case(code: .isaVersion, text: c01.replacingOccurrences(of: "*00501*", with: "*00401*"), segment: 1, element: "ISA12"),
        Case(code: .isaControlNumberDuplicate, text: c01 + c01, segment: 34, element: "ISA13"),
        Case(code: .ieaMissing, text: m("IEA*1*000000101~\n", ""), segment: 32),
        Case(code: .ieaControlNumber, text: m("IEA*1*000000101", "IEA*1*000000109"), segment: 33, element: "IEA02"),
        Case(code: .ieaGroupCount, text: m("IEA*1*", "IEA*2*"), segment: 33, element: "IEA01"),
        Case(code: .segmentOutsideEnvelope, text: c01 + "NTE*ADD*AFTER THE END~\n", segment: 34),
        // Functional group.
        Case(code: .gsFunctionalID, text: m("GS*HC*", "GS*HP*"), segment: 2, element: "GS01"),
        Case(code: .gsControlNumberDuplicate, text: m("IEA*1*", secondGroup + "IEA*2*"), segment: 33, element: "GS06"),
        Case(code: .geMissing, text: m("GE*1*101~\n", ""), segment: 32),
        Case(code: .geControlNumber, text: m("GE*1*101", "GE*1*102"), segment: 32, element: "GE02"),
        Case(code: .geTransactionCount, text: m("GE*1*101", "GE*2*101"), segment: 32, element: "GE01"),
        // Transaction set.
        Case(code: .stTransactionType, text: m("ST*837*", "ST*835*"), segment: 3, element: "ST01"),
        Case(code: .stVersion, text: c01.replacingOccurrences(of: "005010X222A1", with: "005010X222A2"), segment: 3, element: "ST03"),
        Case(code: .stControlNumberDuplicate, text: m("GE*1*101", secondTransaction + "GE*2*101"), segment: 32, element: "ST02"),
        Case(code: .seMissing, text: m("SE*29*0001~\n", "", keepCount: true), segment: 31),
        Case(code: .seControlNumber, text: m("SE*29*0001", "SE*29*0002", keepCount: true), segment: 31, element: "SE02"),
        Case(code: .seSegmentCount, text: m("SE*29*0001", "SE*30*0001", keepCount: true), segment: 31, element: "SE01"),
        // Segments.
        Case(code: .segmentIDInvalid, text: m("LX*2~", "1X*A~\nLX*2~"), segment: 28, inClaim: true),
        Case(code: .segmentUnknown, text: m("LX*2~", "XYZ*1~\nLX*2~"), segment: 28, inClaim: true),
        Case(code: .segmentLeadingSpace, text: m("~\nLX*2~", "~\n  LX*2~"), segment: 28, inClaim: true),
        Case(code: .segmentTooLong, text: m("PER*IC*BILLING DESK", "PER*IC*" + String(repeating: "B", count: 150)), segment: 6,
             options: { var o = X12Reader.Options(); o.maxSegmentLength = 100; return o }()),
        Case(code: .segmentUnterminated, text: String(c01.dropLast(2)), segment: 33),
        Case(code: .segmentUnexpected, text: m("HI*ABK:M6281*ABF:M5450", "HI*ABF:M6281*ABF:M5450"), segment: 22, inClaim: true),
        Case(code: .segmentMissing, text: m("HI*ABK:M6281*ABF:M5450~\n", ""), segment: 22, inClaim: true),
        Case(code: .loopMissing, text: m("NM1*PR*2*MEDICARE PART B*****PI*00000~\n", ""), segment: 20),
        // The next line's LX leaves loop 2400 past its required DTP*472: noticed at that LX.
        Case(code: .segmentMissing, text: m("DTP*472*D8*20250303~\nLX*2~", "LX*2~"), segment: 27, inClaim: true),
        Case(code: .segmentRepeated, text: m("HI*ABK:M6281*ABF:M5450~\n", "HI*ABK:M6281*ABF:M5450~\nHI*ABK:M6281~\n"), segment: 23,
             inClaim: true),
        Case(code: .loopRepeated, text: lines(51), segment: 21 + 4 + 50 * 3, inClaim: true),
        Case(code: .trailingSeparator, text: m("LX*2~", "LX*2*~"), segment: 28, inClaim: true),
        Case(code: .hlNumber, text: m("HL*1**20*1", "HL*7**20*1").replacingOccurrences(of: "HL*2*1*22*0", with: "HL*8*7*22*0"), segment: 8,
             element: "HL01"),
        Case(code: .hlParent, text: m("HL*2*1*22*0", "HL*2*5*22*0"), segment: 14, element: "HL02"),
        Case(code: .lxNumber, text: m("LX*2~", "LX*3~"), segment: 28, element: "LX01", inClaim: true),
        // Elements.
        Case(code: .elementMissing, text: m("SV1*HC:97140:GP*45*", "SV1*HC:97140:GP**"), segment: 29, element: "SV102", inClaim: true),
        Case(code: .elementMissing, text: m("HC:97530:GP*", "HC::GP*"), segment: 26, element: "SV101-2", inClaim: true),
        Case(code: .elementTooMany, text: m("LX*2~", "LX*2*5~"), segment: 28, element: "LX02", inClaim: true),
        Case(code: .componentTooMany, text: m("HC:97530:GP*", "HC:97530:GP:KX:59:XU:CQ:XE:XP*"), segment: 26, element: "SV101-9",
             inClaim: true),
        Case(code: .elementNotUsed, text: m("HC:97530:GP*", "HC:97530:GP:KX:59:XU:CQ:XE*"), segment: 26, element: "SV101-8", inClaim: true),
        Case(code: .elementCode, text: m("*150*UN*3", "*150*XX*3"), segment: 26, element: "SV103", inClaim: true),
        Case(code: .elementDate, text: m("DTP*472*D8*20250303~\nLX", "DTP*472*D8*20250230~\nLX"), segment: 27, element: "DTP03",
             inClaim: true),
        Case(code: .elementTime, text: m("*20250310*0930*CH", "*20250310*2599*CH"), segment: 4, element: "BHT05"),
        Case(code: .elementCharacter, text: m("CLM*C01PT0001*195*", "CLM*C01PT0001*1A5*"), segment: 21, element: "CLM02", inClaim: true),
        Case(code: .elementTooShort, text: m("ST*837*0001*", "ST*837*001*").replacingOccurrences(of: "*0001~", with: "*001~"),
             segment: 3, element: "ST02"),
        Case(code: .elementTooLong, text: m("CLM*C01PT0001*", "CLM*" + String(repeating: "C", count: 40) + "*"), segment: 21,
             element: "CLM01", inClaim: true),
        Case(code: .elementConditional, text: m("*****XX*1948573625", "*****XX"), segment: 10, element: "NM108"),
        Case(code: .elementExclusion, text: m("N4*SPRINGFIELD*IL*627010001~", "N4*SPRINGFIELD*IL*627010001****ON~"), segment: 12,
             element: "N402"),
    ]

    static var codes: Set<X12ProblemCode> { Set(cases.map(\.code)).union([.problemsOmitted]) }

    @Test(arguments: cases)
    func problemIsReportedWhereItIs(_ c: Case) {
        #expect(!c.text.hasPrefix("MUTATION NOT APPLIED"), "\(c.text.prefix(80))")
        let reading = X12Fixtures.read(c.text, options: c.options)
        #expect(reading.failure == nil)
        let matching = reading.allProblems.filter { $0.code == c.code }
        #expect(matching.contains { $0.segment == c.segment }, "\(c): got \(reading.allProblems.map { "\($0.code.rawValue)@\($0.segment)" })")
        if let element = c.element {
            #expect(matching.contains { $0.element == element }, "\(c): elements \(matching.map { $0.element ?? "-" })")
        }
        let inClaim = reading.claims.flatMap(\.problems).contains { $0.code == c.code }
        #expect(inClaim == c.inClaim, "\(c): in claim \(inClaim)")
        for p in reading.allProblems {
            #expect(!p.message.isEmpty)
            // Messages never quote names, addresses or member ids of the file.
            for secret in ["PATIENT", "PAULA", "1EG4TE5MK73", "ELM ST", "19480512"] {
                #expect(!p.message.contains(secret), "\(p.code.rawValue): \(p.message)")
            }
        }
    }

    @Test func theConstructedFilesHaveNoProblems() {
        for (name, text) in X12Fixtures.all {
            let reading = X12Fixtures.read(text)
            #expect(reading.allProblems.isEmpty, "\(name): \(reading.allProblems)")
            #expect(reading.claims.count == 1)
            #expect(reading.interchangeCount == 1 && reading.transactionCount == 1)
            #expect(reading.groups.first?.status == "A")
        }
    }

    @Test func aClaimWithTooManyProblemsListsTwoHundredAndSaysSo() {
        let junk = String(repeating: "XYZ*1~\n", count: 250)
        let reading = X12Fixtures.read(Self.m("LX*2~", junk + "LX*2~"))
        let problems = reading.claims.first?.problems ?? []
        #expect(problems.count == X12Reader.maxClaimProblems + 1)
        #expect(problems.last?.code == .problemsOmitted)
    }

    @Test func hlRestartsInEveryTransactionSet() {
        let text = Self.m("GE*1*101", Self.secondTransaction.replacingOccurrences(of: "*0001", with: "*0002") + "GE*2*101")
        let reading = X12Fixtures.read(text)
        #expect(reading.allProblems.isEmpty, "\(reading.allProblems)")
        #expect(reading.claims.map(\.transaction) == ["0001", "0002"])
        #expect(reading.transactionCount == 2)
    }

    @Test func aBrokenClaimDoesNotStopTheNextOne() throws {
        let clm = try #require(Self.c01.range(of: "CLM*")), se = try #require(Self.c01.range(of: "SE*"))
        let second = Self.c01[clm.lowerBound..<se.lowerBound].replacingOccurrences(of: "C01PT0001", with: "C01PT0002")
        let text = X12Fixtures.mutate(X12Fixtures.recount(Self.c01.replacingOccurrences(of: "SE*", with: second + "SE*")),
                                      "*150*UN*3", "*150*XX*3")
        let reading = X12Fixtures.read(text)
        #expect(reading.claims.map(\.claimID) == ["C01PT0001", "C01PT0002"])
        #expect(reading.claims[0].problems.map(\.code) == [.elementCode])
        #expect(reading.claims[1].problems.isEmpty)
    }
}
