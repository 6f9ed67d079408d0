import Testing
@testable import X12

/// Element values on both sides of the checks the reader settles in one short pass (plain AN and ID
/// values, short code lists, N and R digits): what passes there and what only the full check can
/// judge must give the same problems, in the same order, whether the value is a simple element or a
/// component.
@Suite struct X12ElementValueTests {
    struct Case: CustomStringConvertible, Sendable {
        var old: String
        var new: String
        var element: String
        var codes: [X12ProblemCode]
        var description: String { "\(element) \(new)" }
    }

    static let cases: [Case] = [
        // SV102, R 1/18.
        Case(old: "*150*UN*3", new: "*150*UN*3", element: "SV102", codes: []),
        Case(old: "*150*UN*3", new: "*150.25*UN*3", element: "SV102", codes: []),
        Case(old: "*150*UN*3", new: "*.5*UN*3", element: "SV102", codes: []),
        Case(old: "*150*UN*3", new: "*-150*UN*3", element: "SV102", codes: []),
        Case(old: "*150*UN*3", new: "*150.*UN*3", element: "SV102", codes: [.elementCharacter]),
        Case(old: "*150*UN*3", new: "*1.5.0*UN*3", element: "SV102", codes: [.elementCharacter]),
        Case(old: "*150*UN*3", new: "*15O*UN*3", element: "SV102", codes: [.elementCharacter]),
        Case(old: "*150*UN*3", new: "*1234567890123456789*UN*3", element: "SV102", codes: [.elementTooLong]),
        Case(old: "*150*UN*3", new: "*12345678901234567.8*UN*3", element: "SV102", codes: []),
        // SV103, ID with the code list MJ, UN.
        Case(old: "*150*UN*3", new: "*150*MJ*3", element: "SV103", codes: []),
        Case(old: "*150*UN*3", new: "*150*XX*3", element: "SV103", codes: [.elementCode]),
        Case(old: "*150*UN*3", new: "*150*U*3", element: "SV103", codes: [.elementCode]),
        Case(old: "*150*UN*3", new: "*150*UN *3", element: "SV103", codes: [.elementCharacter, .elementCode]),
        Case(old: "*150*UN*3", new: "*150*un*3", element: "SV103", codes: [.elementCode]),
        // NM103, AN: trailing spaces and characters outside the extended set.
        Case(old: "NM1*82*1*THERAPIST*", new: "NM1*82*1*THERAPIST*", element: "NM103", codes: []),
        Case(old: "NM1*82*1*THERAPIST*", new: "NM1*82*1*THERAPIST *", element: "NM103", codes: [.elementCharacter]),
        Case(old: "NM1*82*1*THERAPIST*", new: "NM1*82*1*THER\u{7}APIST*", element: "NM103", codes: [.elementCharacter]),
        Case(old: "NM1*82*1*THERAPIST*", new: "NM1*82*1*THERÄPIST*", element: "NM103", codes: [.elementCharacter]),
        // Components: SV101-3 (AN 2/2), SV107-2 (N0 with the pointer codes 1 to 12: always the full check).
        Case(old: "SV1*HC:97530:GP*", new: "SV1*HC:97530:GP*", element: "SV101-3", codes: []),
        Case(old: "SV1*HC:97530:GP*", new: "SV1*HC:97530:G P*", element: "SV101-3", codes: [.elementTooLong]),
        Case(old: "SV1*HC:97530:GP*", new: "SV1*HC:97530:GP *", element: "SV101-3", codes: [.elementTooLong, .elementCharacter]),
        Case(old: "*UN*3***1:2~", new: "*UN*3***1:2~", element: "SV107-2", codes: []),
        Case(old: "*UN*3***1:2~", new: "*UN*3***1:2A~", element: "SV107-2", codes: [.elementCode, .elementCharacter]),
    ]

    @Test(arguments: cases)
    func valueGetsTheProblemsOfTheFullCheck(_ c: Case) {
        let text = X12Fixtures.mutate(X12Fixtures.c01, c.old, c.new)
        #expect(!text.hasPrefix("MUTATION NOT APPLIED"))
        // Read whole and one byte at a time: the segment's bytes may span pieces.
        for chunks in [nil, [1]] as [[Int]?] {
            let reading = X12Fixtures.read(text, options: X12Reader.Options(), chunks: chunks)
            let codes = reading.allProblems.filter { $0.element == c.element }.map(\.code)
            #expect(codes == c.codes, "\(c): \(codes.map(\.rawValue))")
        }
    }
}
