import ClaimRules
import Testing
@testable import ClaimX12
@testable import X12

/// 837P claims onto the claim model: every field, the payer map, provider roles, the minutes note, and
/// the problems that keep a claim from being scrubbed.
@Suite struct X12MappingTests {
    static func record(_ text: String) -> X12ClaimRecord? { X12Fixtures.read(text).claims.first }

    static func map(_ text: String, mapper: X12ClaimMapper = X12ClaimMapper()) -> X12ClaimMapper.Mapping? {
        record(text).map { mapper.map($0) }
    }

    static func claim(_ text: String, mapper: X12ClaimMapper = X12ClaimMapper()) -> Claim? {
        if case .claim(let claim, _)? = map(text, mapper: mapper) { return claim }
        return nil
    }

    static func problems(_ text: String, mapper: X12ClaimMapper = X12ClaimMapper()) -> [X12Problem] {
        if case .problems(let p)? = map(text, mapper: mapper) { return p }
        return []
    }

    static func date(_ text: String) -> CalendarDate? { CalendarDate(text) }

    @Test func c01MapsEveryField() throws {
        let claim = try #require(Self.claim(X12Fixtures.c01))
        #expect(claim.claimId == "C01PT0001")
        #expect(claim.payer == "medicare")
        #expect(claim.dateOfService == nil)
        #expect(claim.frequency == .original)
        #expect(claim.placeOfService == "11")
        #expect(claim.totalCharge == Money(cents: 19_500))
        #expect(claim.diagnoses == ["M6281", "M5450"])
        #expect(claim.billingProvider == Claim.BillingProvider(npi: "1948573625", taxonomy: "225100000X"))
        #expect(claim.provider == Claim.Provider(npi: "1765432103", role: .pt, taxonomy: "225100000X"))
        #expect(claim.supervisor == nil)
        #expect(claim.lines == [
            Claim.Line(code: "97530", dateOfService: Self.date("2025-03-03"), units: 3, modifiers: ["GP"], clinicianId: "1765432103",
                       diagnosisPointers: [1, 2], charge: Money(cents: 15_000)),
            Claim.Line(code: "97140", dateOfService: Self.date("2025-03-03"), units: 1, modifiers: ["GP"], clinicianId: "1765432103",
                       diagnosisPointers: [2], charge: Money(cents: 4_500)),
        ])
    }

    @Test func c02LineRenderingProvidersBecomeClinicianIds() throws {
        let claim = try #require(Self.claim(X12Fixtures.c02))
        #expect(claim.provider.npi == "1765432103")
        #expect(claim.lines.map(\.clinicianId) == ["1765432103", "1765432103", "1765432103", "1765432103", "1654321094", "1654321094"])
        #expect(claim.lines.map(\.modifiers) == [["GP"], ["GP"], ["GP"], ["GP", "CQ"], ["GP", "KX"], ["GP", "KX"]])
        #expect(claim.lines.map(\.dateOfService) == ["2025-03-03", "2025-03-03", "2025-03-05", "2025-03-05", "2025-03-07", "2025-03-07"].map(Self.date))
        #expect(claim.diagnoses == ["S83511D", "M25661", "R262"])
    }

    @Test func c03OccupationalTherapist() throws {
        let claim = try #require(Self.claim(X12Fixtures.c03))
        #expect(claim.provider.role == .ot)
        #expect(claim.billingProvider?.taxonomy == "225X00000X")
        #expect(claim.lines.map(\.code) == ["97530", "97110", "97150"])
    }

    @Test func payerProfileFromFilingIndicatorThenTheConfiguredMap() throws {
        let ci = X12Fixtures.mutate(X12Fixtures.c01, "*******MB~", "*******CI~")
        #expect(Self.problems(ci).map(\.code) == [.payerNotMapped])
        #expect(Self.problems(ci).first?.element == "SBR09")
        let byIndicator = X12ClaimMapper(payerMap: X12PayerMap(entries: [.init(key: .filingIndicator, value: "CI", payer: "commercial-ama")]))
        #expect(Self.claim(ci, mapper: byIndicator)?.payer == "commercial-ama")
        let byPayerID = X12ClaimMapper(payerMap: X12PayerMap(entries: [.init(key: .payerId, value: "00000", payer: "medicare-advantage")]))
        // The payer id entry wins over the built-in MB.
        #expect(Self.claim(X12Fixtures.c01, mapper: byPayerID)?.payer == "medicare-advantage")
        let advantage = X12Fixtures.mutate(X12Fixtures.c01, "*******MB~", "*******16~")
        #expect(Self.claim(advantage)?.payer == "medicare-advantage")
        #expect(X12PayerMap(text: "payerId:12345=medicare, filingIndicator:CI=commercial-ama")?.entries == [
            .init(key: .payerId, value: "12345", payer: "medicare"), .init(key: .filingIndicator, value: "CI", payer: "commercial-ama"),
        ])
        #expect(X12PayerMap(text: "payer:12345=medicare") == nil)
        #expect(X12PayerMap(text: "payerId:=medicare") == nil)
    }

    @Test func roleFromTaxonomyOrTheLinesModifiers() throws {
        // No 2310B and no PRV*BI: the billing provider renders, the role comes from GP.
        let noTaxonomy = X12Fixtures.mutate(X12Fixtures.c01, "PRV*BI*PXC*225100000X~\n", "")
            .replacingOccurrences(of: "NM1*82*1*THERAPIST*TERRY****XX*1765432103~\nPRV*PE*PXC*225100000X~\n", with: "")
        let recounted = X12Fixtures.recount(noTaxonomy)
        let claim = try #require(Self.claim(recounted))
        #expect(claim.provider == Claim.Provider(npi: "1948573625", role: .pt, taxonomy: nil))
        // A clinic taxonomy and no therapy modifier: the role cannot be told.
        let clinic = recounted.replacingOccurrences(of: "HC:97530:GP*", with: "HC:97530:59*")
            .replacingOccurrences(of: "HC:97140:GP*", with: "HC:97140*")
        #expect(Self.problems(clinic).map(\.code) == [.roleUndetermined])
        // A PTA on a line (2420A PRV 225200000X) marks the line as furnished by an assistant.
        let pta = X12Fixtures.mutate(X12Fixtures.c01, "DTP*472*D8*20250303~\nLX*2",
                                     "DTP*472*D8*20250303~\nNM1*82*1*ASSISTANT*ALEX****XX*1234567893~\nPRV*PE*PXC*225200000X~\nLX*2")
        let assisted = try #require(Self.claim(pta))
        #expect(assisted.lines.map(\.assistantInvolved) == [true, nil])
        #expect(assisted.lines.map(\.clinicianId) == ["1234567893", "1765432103"])
        #expect(assisted.provider.role == .pt)
    }

    @Test func rolesFromTheRuleDataTaxonomyTable() throws {
        let table = ProviderTaxonomyTable([
            ProviderTaxonomy(code: "2251X0800X", name: "Physical Therapist, Orthopedic", discipline: .pt, assistant: false),
            ProviderTaxonomy(code: "225XH1200X", name: "Occupational Therapist, Hand", discipline: .ot, assistant: false),
        ])
        let rules = RuleSet(id: "t", effective: try #require(CalendarDate("2025-01-01")), digest: "t", codes: CodeTable([]),
                            payers: [:], taxonomies: table)
        let mapper = X12ClaimMapper(payerMap: X12PayerMap(), rules: rules)
        // A specialization in the table gives its role, even against the lines' GP.
        let hand = X12Fixtures.mutate(X12Fixtures.c01, "PRV*PE*PXC*225100000X~", "PRV*PE*PXC*225XH1200X~")
        #expect(try #require(Self.claim(hand, mapper: mapper)).provider.role == .ot)
        // A code the table does not hold is not judged by its prefix: the lines' GP decides.
        let generic = try #require(Self.claim(X12Fixtures.c01, mapper: mapper))
        #expect(generic.provider.role == .pt)
        #expect(generic.provider.taxonomy == "225100000X")
        // Without a table the NUCC prefixes of the therapy professions decide.
        #expect(try #require(Self.claim(hand, mapper: X12ClaimMapper(payerMap: X12PayerMap(), rules: nil))).provider.role == .ot)
    }

    @Test func placeOfServiceCodesFromTheRuleData() throws {
        let places = PlaceOfServiceTable([PlaceOfService(code: "11", name: "Office"), PlaceOfService(code: "12", name: "Home")])
        let rules = RuleSet(id: "t", effective: try #require(CalendarDate("2025-01-01")), digest: "t", codes: CodeTable([]),
                            payers: [:], placesOfService: places)
        #expect(X12Reader.Options(rules: rules).placeOfServiceCodes == ["11", "12"])
        #expect(X12Reader.Options(rules: nil).placeOfServiceCodes == nil)
    }

    @Test func supervisingProviderOfTheClaim() throws {
        let text = X12Fixtures.mutate(X12Fixtures.c01, "PRV*PE*PXC*225100000X~\n",
                                      "PRV*PE*PXC*225100000X~\nNM1*DQ*1*SUPERVISOR*SAM****XX*1234567893~\n")
        let claim = try #require(Self.claim(text))
        #expect(claim.supervisor == Claim.Supervisor(npi: "1234567893", role: .pt))
    }

    @Test func minutesFromTheNoteOrFromMJ() throws {
        let note = X12Fixtures.mutate(X12Fixtures.c01, "DTP*472*D8*20250303~\nLX", "DTP*472*D8*20250303~\nNTE*ADD*MIN=38;ASST=12~\nLX")
        let claim = try #require(Self.claim(note))
        #expect(claim.lines[0].minutes == 38)
        #expect(claim.lines[0].assistantMinutes == 12)
        #expect(claim.lines[0].units == 3)
        #expect(claim.lines[1].minutes == nil)
        let mj = X12Fixtures.mutate(X12Fixtures.c01, "*150*UN*3", "*150*MJ*40")
        let minutes = try #require(Self.claim(mj))
        #expect(minutes.lines[0].minutes == 40)
        #expect(minutes.lines[0].units == nil)
        let other = X12Fixtures.mutate(X12Fixtures.c01, "DTP*472*D8*20250303~\nLX", "DTP*472*D8*20250303~\nNTE*ADD*TIMED MIN 97530=40~\nLX")
        #expect(Self.claim(other)?.lines[0].minutes == nil)
        for bad in ["MIN=forty", "MIN=38;", "MIN=12345", "MIN=38;ASST=", "MIN=38;AST=4", "MIN= 38"] {
            let text = X12Fixtures.mutate(X12Fixtures.c01, "DTP*472*D8*20250303~\nLX", "DTP*472*D8*20250303~\nNTE*ADD*\(bad)~\nLX")
            let problems = Self.problems(text)
            #expect(problems.map(\.code) == [.minutesNote], "\(bad)")
            #expect(problems.first?.element == "NTE02")
        }
        #expect(X12MinutesNote.read(qualifier: "DCP", text: "MIN=38") == .malformed)
        #expect(X12MinutesNote.read(qualifier: "ADD", text: "MIN=0") == .minutes(X12MinutesNote(minutes: 0, assistantMinutes: nil)))
    }

    @Test func dateRangesAndRepeatedDates() throws {
        let rd8 = X12Fixtures.mutate(X12Fixtures.c01, "DTP*472*D8*20250303~\nLX", "DTP*472*RD8*20250303-20250305~\nLX")
        let claim = try #require(Self.claim(rd8))
        #expect(claim.lines[0].dateOfService == Self.date("2025-03-03"))
        #expect(claim.lines[0].dateOfServiceThrough == Self.date("2025-03-05"))
        let sameDay = X12Fixtures.mutate(X12Fixtures.c01, "DTP*472*D8*20250303~\nLX", "DTP*472*RD8*20250303-20250303~\nLX")
        #expect(Self.claim(sameDay)?.lines[0].dateOfServiceThrough == nil)
    }

    @Test func mappingProblems() {
        let cases: [(X12ProblemCode, String, String, String)] = [
            (.unitsNotWhole, "*150*UN*3", "*150*UN*2.5", "SV104"),
            (.unitsNotWhole, "*150*UN*3", "*150*UN*0", "SV104"),
            (.unitsNotWhole, "*150*UN*3", "*150*UN*-3", "SV104"),
            (.amountInvalid, "CLM*C01PT0001*195*", "CLM*C01PT0001*195.005*", "CLM02"),
            (.amountInvalid, "*150*UN*3", "*150.123*UN*3", "SV102"),
            (.frequencyUnsupported, "*11:B:1*", "*11:B:9*", "CLM05-3"),
            (.procedureQualifier, "HC:97530:GP*", "WK:97530:GP*", "SV101-2"),
            (.modifierCount, "HC:97530:GP*", "HC:97530:GP:KX:59:XU:CQ*", "SV101-7"),
            (.diagnosisCodeSystem, "HI*ABK:M6281*ABF:M5450", "HI*BK:7241*BF:7242", "HI01-2"),
        ]
        for (code, old, new, element) in cases {
            let problems = Self.problems(X12Fixtures.mutate(X12Fixtures.c01, old, new))
            #expect(problems.contains { $0.code == code && $0.element == element }, "\(code.rawValue) \(new): \(problems)")
        }
        #expect(Self.claim(X12Fixtures.mutate(X12Fixtures.c01, "*150*UN*3", "*150*UN*3.0"))?.lines[0].units == 3)
        #expect(Self.claim(X12Fixtures.mutate(X12Fixtures.c01, "CLM*C01PT0001*195*", "CLM*C01PT0001*195.5*"))?.totalCharge == Money(cents: 19_550))
        #expect(X12ClaimMapper.money("-12.5") == Money(cents: -1250))
        #expect(X12ClaimMapper.money(".75") == Money(cents: 75))
        #expect(X12ClaimMapper.money("1.") == Money(cents: 100))
        #expect(X12ClaimMapper.money("") == nil)
        #expect(X12ClaimMapper.money("1-2") == nil)
    }

    static let codes: Set<X12ProblemCode> = [
        .unitsNotWhole, .amountInvalid, .frequencyUnsupported, .procedureQualifier, .modifierCount, .diagnosisCodeSystem,
        .minutesNote, .payerNotMapped, .roleUndetermined,
    ]

    @Test func syntaxProblemsKeepTheClaimFromBeingMapped() {
        let text = X12Fixtures.mutate(X12Fixtures.c01, "*150*UN*3", "*150*XX*3")
        #expect(Self.problems(text).map(\.code) == [.elementCode])
    }

    @Test func locatorPointsAtTheSegmentAndElement() throws {
        guard case .claim(_, let locator)? = Self.map(X12Fixtures.c02) else {
            Issue.record("c02 did not map")
            return
        }
        func at(_ pointer: String) -> String {
            let p = locator.locate(pointer)
            return "\(p.segment) \(p.segmentID) \(p.element ?? "-")"
        }
        #expect(at("/lines/1/units") == "31 SV1 SV104")
        #expect(at("/lines/3/modifiers/1") == "37 SV1 SV101-4")
        #expect(at("/lines/0/diagnosisPointers/1") == "28 SV1 SV107-2")
        #expect(at("/lines/0/dateOfService") == "29 DTP DTP03")
        #expect(at("/lines/4/clinicianId") == "42 NM1 NM109")
        #expect(at("/lines/0/clinicianId") == "25 NM1 NM109")
        #expect(at("/lines/0/charge") == "28 SV1 SV102")
        #expect(at("/lines/0/placeOfService") == "21 CLM CLM05-1")
        #expect(at("/lines/9/code") == "21 CLM -")
        #expect(at("/diagnoses/2") == "23 HI HI03-2")
        #expect(at("/diagnoses") == "23 HI -")
        #expect(at("/payer") == "15 SBR SBR09")
        #expect(at("/provider/npi") == "25 NM1 NM109")
        #expect(at("/billingProvider/npi") == "10 NM1 NM109")
        #expect(at("/totalCharge") == "21 CLM CLM02")
        #expect(at("/frequency") == "21 CLM CLM05-3")
        #expect(at("/claimId") == "21 CLM CLM01")
        #expect(at("") == "21 CLM -")
        #expect(locator.serviceSegment(ofLine: 2) == 34)
        #expect(locator.serviceSegment(ofLine: 99) == 0)
    }
}
