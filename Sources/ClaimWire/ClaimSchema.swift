import ClaimRules
import StrictJSON

/// The claim's JSON schema (openapi.yaml `Claim`), read field by field from a `JSONPullParser` into `Claim` values.
///
/// Each function reads one value and records every schema problem in the `WireReader`; one that returns a `Read`
/// returns `.invalid` when the value could not be built. Any problem makes the whole claim invalid, so the claim,
/// its lines and its context are filled in as their fields are read. Field lists are in schema order (newer fields last); a field's
/// position in its list is its case in the `switch`, and the lists double as the "allowed fields" of messages.
enum ClaimSchema {
    /// The values of a string enumeration, matched as bytes (`JSONNameSet`) in `allCases` order.
    struct Choices<Value: RawRepresentable<String> & CaseIterable>: Sendable where Value: Sendable {
        let names: JSONNameSet
        let values: [Value]

        init(_ values: Value.AllCases) {
            self.values = Array(values)
            names = JSONNameSet(self.values.map(\.rawValue))
        }
    }


    static let claimFields = JSONNameSet([
        "claimId", "payer", "dateOfService", "provider", "supervisor", "lines", "context",
        "frequency", "originalClaimId", "placeOfService", "totalCharge", "diagnoses", "billingProvider", "patientRef",
    ])
    static let providerFields = JSONNameSet(["npi", "role", "taxonomy"])
    static let billingProviderFields = JSONNameSet(["npi", "taxonomy"])
    static let supervisorFields = JSONNameSet(["npi", "role", "onSite"])
    static let lineFields = JSONNameSet([
        "code", "minutes", "units", "modifiers", "setting", "assistantMinutes", "clinicianId",
        "dateOfService", "dateOfServiceThrough", "assistantInvolved", "diagnosisPointers", "charge", "placeOfService",
    ])
    static let contextFields = JSONNameSet([
        "treatmentDaysSinceProgressReport", "visitNumber", "progressReportToday", "planOfCare",
        "yearToDateAllowed", "documentation", "otherServicesToday",
    ])
    static let planOfCareFields = JSONNameSet(["certifiedFrom", "certifiedThrough", "goalIds"])
    static let yearToDateFields = JSONNameSet(["ptSlp", "ot"])
    static let documentationFields = JSONNameSet([
        "activityDescription", "assistanceType", "assistanceLevel", "goalIds", "functionalDeficits",
        "continuedSkilledNeed", "supervisionDocumented", "activityChangedByAssistant",
    ])
    static let otherServiceFields = JSONNameSet(["code", "role", "clinicianId", "modifiers", "dateOfService"])

    static let roles = Choices<Role>(Role.allCases)
    static let settings = Choices<Setting>(Setting.allCases)
    static let frequencies = Choices<ClaimFrequency>(ClaimFrequency.allCases)

    /// Every field name and enum value, plus the common payers and modifiers, shared by the reader
    /// (see `JSONStringTable`).
    static let internedStrings = JSONStringTable(
        [claimFields, providerFields, billingProviderFields, supervisorFields, lineFields, contextFields, planOfCareFields,
         yearToDateFields, documentationFields, otherServiceFields, roles.names, settings.names, frequencies.names].flatMap(\.names)
            + ["medicare", "medicare-advantage", "commercial-ama", "GP", "GO", "GN", "CQ", "CO", "KX", "59", "XU", "XE", "XS", "XP"]
    )

    /// Empty values that the readers below copy and fill in field by field: cheaper than calling the memberwise
    /// initializers of another module, which take every field as an argument and copy it.
    static let emptyClaim = Claim(payer: "", dateOfService: nil, provider: Claim.Provider(role: .pt), lines: [])
    static let emptyLine = Claim.Line(code: "")
    static let emptyContext = Claim.Context()

    /// Reads the claim into `claim` (a copy of `emptyClaim`, filled where it stays); false when a problem was reported.
    /// A field that could not be read has reported its problem, and any problem makes the whole claim invalid, so
    /// fields are stored as they are read.
    static func claim(_ p: inout JSONPullParser, _ r: inout WireReader, into claim: inout Claim) throws(JSONParseError) -> Bool {
        guard case .value = try r.beginObject(&p, at: "", what: "the claim") else {
            if r.problems.isEmpty { r.report("", "the claim must be an object, found null") }
            return false
        }
        var payer = Read<String>.absent
        var date = Read<CalendarDate>.absent
        var provider = Read<Claim.Provider>.absent
        var lines = Read<[Claim.Line]>.absent
        // Which lines name their own date (even a malformed one), for the date-of-service rule below.
        var lineDates = LineDates()
        let fields = claimFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: claim.claimId = try r.string(&p, at: "", "claimId").value
            case 1: payer = try r.string(&p, at: "", "payer")
            case 2: date = try self.date(&p, &r, at: "", "dateOfService")
            case 3: provider = try self.provider(&p, &r)
            case 4: claim.supervisor = try self.supervisor(&p, &r).value
            case 5: lines = try self.lines(&p, &r, dates: &lineDates)
            case 6: try self.context(&p, &r, into: &claim.context)
            case 7: claim.frequency = try r.choice(&p, at: "", "frequency", allowed: frequencies).value
            case 8: claim.originalClaimId = try r.string(&p, at: "", "originalClaimId").value
            case 9: claim.placeOfService = try r.string(&p, at: "", "placeOfService").value
            case 10: claim.totalCharge = try r.money(&p, at: "", "totalCharge").value
            case 11: claim.diagnoses = try r.strings(&p, at: "", "diagnoses").value
            case 12: claim.billingProvider = try self.billingProvider(&p, &r).value
            case 13: claim.patientRef = try r.string(&p, at: "", "patientRef").value
            default: try r.unknown(&p, key, at: "", allowed: fields, what: "the claim")
            }
        }
        let payerValue = r.required(payer, at: "", "payer")
        // The claim's date is the default of its lines: required unless every line names its own.
        if case .absent = date {
            if !lineDates.anyDated {
                r.report(at: "", field: "dateOfService", "dateOfService is required (on the claim, or on every line)")
            } else {
                for i in lineDates.undatedIndexes {
                    r.report("/lines/" + String(i) + "/dateOfService",
                             "dateOfService is required: the line has none and the claim has no default dateOfService")
                }
            }
        }
        let providerValue = r.required(provider, at: "", "provider")
        let linesValue = r.required(lines, at: "", "lines")
        guard let payerValue, let providerValue, let linesValue, r.problems.isEmpty else { return false }
        claim.payer = payerValue
        claim.dateOfService = date.value
        claim.provider = providerValue
        claim.lines = linesValue
        return true
    }

    static func date(_ p: inout JSONPullParser, _ r: inout WireReader, at pointer: ObjectPath, _ key: String) throws(JSONParseError) -> Read<CalendarDate> {
        let date: CalendarDate?
        switch try p.peek() {
        case .string:
            // A plain string's bytes are read in place; one with escapes (or a bad one) goes the long way.
            if let range = p.readPlainString() {
                date = parseDate(UnsafeBufferPointer(rebasing: r.input[range]))
            } else {
                date = parseDate(try p.readString())
            }
        case let other:
            return try r.otherKind(other, &p, at: pointer, field: key, what: key, mustBe: "a string")
        }
        guard let date else {
            r.report(at: pointer, field: key, "\(key) must be a real calendar date written YYYY-MM-DD")
            return .invalid
        }
        return .value(date)
    }

    /// `YYYY-MM-DD` (ASCII digits, a real calendar date), read without the generic `StringProtocol`
    /// path of `CalendarDate.init(_:)`, which costs more than the rest of a line's decoding.
    static func parseDate(_ text: String) -> CalendarDate? {
        var copy = text
        return copy.withUTF8 { parseDate($0) }
    }

    static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        var fields = (0, 0, 0)
        var value = 0
        for k in 0..<10 where k != 4 && k != 7 {
            let digit = Int(bytes[k]) &- 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            if k == 3 { fields.0 = value; value = 0 }
            if k == 6 { fields.1 = value; value = 0 }
        }
        fields.2 = value
        return CalendarDate(year: fields.0, month: fields.1, day: fields.2)
    }

    static func provider(_ p: inout JSONPullParser, _ r: inout WireReader) throws(JSONParseError) -> Read<Claim.Provider> {
        let pointer: ObjectPath = "/provider"
        let begun = try r.beginObject(&p, at: pointer, what: "provider")
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        var npi = Read<String>.absent
        var role = Read<Role>.absent
        var taxonomy = Read<String>.absent
        let fields = providerFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: npi = try r.string(&p, at: pointer, "npi")
            case 1: role = try r.choice(&p, at: pointer, "role", allowed: roles)
            case 2: taxonomy = try r.string(&p, at: pointer, "taxonomy")
            default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "provider")
            }
        }
        guard let roleValue = r.required(role, at: pointer, "role"), !npi.isInvalid, !taxonomy.isInvalid else { return .invalid }
        return .value(Claim.Provider(npi: npi.value, role: roleValue, taxonomy: taxonomy.value))
    }

    static func billingProvider(_ p: inout JSONPullParser, _ r: inout WireReader) throws(JSONParseError) -> Read<Claim.BillingProvider> {
        let pointer: ObjectPath = "/billingProvider"
        let begun = try r.beginObject(&p, at: pointer, what: "billingProvider")
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        var npi = Read<String>.absent
        var taxonomy = Read<String>.absent
        let fields = billingProviderFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: npi = try r.string(&p, at: pointer, "npi")
            case 1: taxonomy = try r.string(&p, at: pointer, "taxonomy")
            default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "billingProvider")
            }
        }
        guard let npiValue = r.required(npi, at: pointer, "npi"), !taxonomy.isInvalid else { return .invalid }
        return .value(Claim.BillingProvider(npi: npiValue, taxonomy: taxonomy.value))
    }

    static func supervisor(_ p: inout JSONPullParser, _ r: inout WireReader) throws(JSONParseError) -> Read<Claim.Supervisor> {
        let pointer: ObjectPath = "/supervisor"
        let begun = try r.beginObject(&p, at: pointer, what: "supervisor")
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        var npi = Read<String>.absent
        var role = Read<Role>.absent
        var onSite = Read<Bool>.absent
        let fields = supervisorFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: npi = try r.string(&p, at: pointer, "npi")
            case 1: role = try r.choice(&p, at: pointer, "role", allowed: roles)
            case 2: onSite = try r.bool(&p, at: pointer, "onSite")
            default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "supervisor")
            }
        }
        guard let roleValue = r.required(role, at: pointer, "role"), !npi.isInvalid, !onSite.isInvalid else { return .invalid }
        return .value(Claim.Supervisor(npi: npi.value, role: roleValue, onSite: onSite.value))
    }

    /// Which service lines name their own date (even a malformed one), for the claim's date-of-service rule. Only
    /// lines that are objects count (another element has its own problem). The first 64 lines are kept in bits, so
    /// a usual claim allocates nothing for this.
    struct LineDates {
        /// Some line names a date.
        var anyDated = false
        /// Lines without a date: bit `i` for line `i` below 64.
        var undatedLow: UInt64 = 0
        /// Lines without a date from index 64, in order.
        var undatedMore: [Int] = []

        mutating func undated(_ index: Int) {
            if index < 64 { undatedLow |= 1 << UInt64(index) } else { undatedMore.append(index) }
        }

        /// The lines without a date, in order.
        var undatedIndexes: [Int] {
            (0..<64).filter { undatedLow & (1 << UInt64($0)) != 0 } + undatedMore
        }
    }

    /// The array of lines (the lines that could not be read have reported their problems).
    static func lines(_ p: inout JSONPullParser, _ r: inout WireReader, dates: inout LineDates) throws(JSONParseError) -> Read<[Claim.Line]> {
        let begun = try r.beginArray(&p, at: "", "lines")
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        var lines: [Claim.Line] = []
        lines.reserveCapacity(4)
        var index = 0
        while try p.nextElement() {
            try line(&p, index: index, &r, dates: &dates, into: &lines)
            index += 1
        }
        return .value(lines)
    }

    /// Appends the line at the current position to `lines`, unless it is not an object or has no code.
    static func line(_ p: inout JSONPullParser, index: Int, _ r: inout WireReader, dates: inout LineDates,
                     into lines: inout [Claim.Line]) throws(JSONParseError) {
        let pointer = ObjectPath("/lines", index: index)
        let begun = try r.beginObject(&p, at: pointer, what: "a service line")
        // A line that is not an object has its own problem; it is not blamed for a missing date as well.
        var isObject = false
        if case .value = begun { isObject = true }
        guard isObject else {
            if !begun.isInvalid { r.report(pointer.pointer, "a service line must be an object, found null") }
            return
        }
        // The line is filled where it will stay: a `Claim.Line` is large, and a copy of one into the array costs
        // more than reading its fields.
        lines.append(emptyLine)
        let last = lines.count - 1
        var code = Read<String>.absent
        var date = Read<CalendarDate>.absent
        let fields = lineFields
        try lines.withUnsafeMutableBufferPointer { (buffer) throws(JSONParseError) in
            while let key = try p.nextKeyIndex(in: fields) {
                switch key {
                case 0: code = try r.string(&p, at: pointer, "code")
                case 1: buffer[last].minutes = try r.count(&p, at: pointer, "minutes", range: 0...ClaimValidator.maxMinutes).value
                case 2: buffer[last].units = try r.count(&p, at: pointer, "units", range: 0...ClaimValidator.maxUnits).value
                case 3: buffer[last].modifiers = try r.strings(&p, at: pointer, "modifiers").value
                case 4: buffer[last].setting = try r.choice(&p, at: pointer, "setting", allowed: settings).value
                case 5: buffer[last].assistantMinutes = try r.count(&p, at: pointer, "assistantMinutes", range: 0...ClaimValidator.maxMinutes).value
                case 6: buffer[last].clinicianId = try r.string(&p, at: pointer, "clinicianId").value
                case 7: date = try self.date(&p, &r, at: pointer, "dateOfService")
                case 8: buffer[last].dateOfServiceThrough = try self.date(&p, &r, at: pointer, "dateOfServiceThrough").value
                case 9: buffer[last].assistantInvolved = try r.bool(&p, at: pointer, "assistantInvolved").value
                case 10: buffer[last].diagnosisPointers = try r.counts(&p, at: pointer, "diagnosisPointers").value
                case 11: buffer[last].charge = try r.money(&p, at: pointer, "charge").value
                case 12: buffer[last].placeOfService = try r.string(&p, at: pointer, "placeOfService").value
                default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "a service line")
                }
            }
        }
        if case .absent = date { dates.undated(index) } else { dates.anyDated = true }
        guard let codeValue = r.required(code, at: pointer, "code") else {
            lines.removeLast()
            return
        }
        lines.withUnsafeMutableBufferPointer { buffer in
            buffer[last].code = codeValue
            buffer[last].dateOfService = date.value
        }
    }

    /// Stores the context object at the current position in `context` (null leaves it nil).
    static func context(_ p: inout JSONPullParser, _ r: inout WireReader, into context: inout Claim.Context?) throws(JSONParseError) {
        let pointer: ObjectPath = "/context"
        guard case .value = try r.beginObject(&p, at: pointer, what: "context") else { return }
        // Filled where it stays (the parser rejects a second "context", so nothing read before is lost).
        context = emptyContext
        let fields = contextFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: context?.treatmentDaysSinceProgressReport = try r.count(&p, at: pointer, "treatmentDaysSinceProgressReport").value
            case 1: context?.visitNumber = try r.count(&p, at: pointer, "visitNumber", range: 1...Int.max).value
            case 2: context?.progressReportToday = try r.bool(&p, at: pointer, "progressReportToday").value
            case 3: context?.planOfCare = try planOfCare(&p, &r).value
            case 4: context?.yearToDateAllowed = try yearToDate(&p, &r).value
            case 5: context?.documentation = try self.documentation(&p, &r).value
            case 6: context?.otherServicesToday = try otherServices(&p, &r).value
            default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "context")
            }
        }
    }

    static func planOfCare(_ p: inout JSONPullParser, _ r: inout WireReader) throws(JSONParseError) -> Read<Claim.PlanOfCare> {
        let pointer: ObjectPath = "/context/planOfCare"
        let begun = try r.beginObject(&p, at: pointer, what: "planOfCare")
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        let before = r.problems.count
        var from = Read<CalendarDate>.absent
        var through = Read<CalendarDate>.absent
        var goals = Read<[String]>.absent
        let fields = planOfCareFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: from = try date(&p, &r, at: pointer, "certifiedFrom")
            case 1: through = try date(&p, &r, at: pointer, "certifiedThrough")
            case 2: goals = try r.strings(&p, at: pointer, "goalIds")
            default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "planOfCare")
            }
        }
        guard r.problems.count == before else { return .invalid }
        return .value(Claim.PlanOfCare(certifiedFrom: from.value, certifiedThrough: through.value, goalIds: goals.value))
    }

    static func yearToDate(_ p: inout JSONPullParser, _ r: inout WireReader) throws(JSONParseError) -> Read<Claim.YearToDateAllowed> {
        let pointer: ObjectPath = "/context/yearToDateAllowed"
        let begun = try r.beginObject(&p, at: pointer, what: "yearToDateAllowed")
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        let before = r.problems.count
        var ptSlp = Read<Double>.absent
        var ot = Read<Double>.absent
        let fields = yearToDateFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: ptSlp = try r.amount(&p, at: pointer, "ptSlp")
            case 1: ot = try r.amount(&p, at: pointer, "ot")
            default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "yearToDateAllowed")
            }
        }
        guard r.problems.count == before else { return .invalid }
        return .value(Claim.YearToDateAllowed(ptSlp: ptSlp.value, ot: ot.value))
    }

    static func documentation(_ p: inout JSONPullParser, _ r: inout WireReader) throws(JSONParseError) -> Read<Claim.Documentation> {
        let pointer: ObjectPath = "/context/documentation"
        let begun = try r.beginObject(&p, at: pointer, what: "documentation")
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        let before = r.problems.count
        // Indexes 0-7 as in `documentationFields`; 3 (goalIds) is not a flag.
        var flags: (Bool?, Bool?, Bool?, Bool?, Bool?, Bool?, Bool?, Bool?) = (nil, nil, nil, nil, nil, nil, nil, nil)
        var goals = Read<[String]>.absent
        let fields = documentationFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: flags.0 = try r.bool(&p, at: pointer, "activityDescription").value
            case 1: flags.1 = try r.bool(&p, at: pointer, "assistanceType").value
            case 2: flags.2 = try r.bool(&p, at: pointer, "assistanceLevel").value
            case 3: goals = try r.strings(&p, at: pointer, "goalIds")
            case 4: flags.4 = try r.bool(&p, at: pointer, "functionalDeficits").value
            case 5: flags.5 = try r.bool(&p, at: pointer, "continuedSkilledNeed").value
            case 6: flags.6 = try r.bool(&p, at: pointer, "supervisionDocumented").value
            case 7: flags.7 = try r.bool(&p, at: pointer, "activityChangedByAssistant").value
            default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "documentation")
            }
        }
        guard r.problems.count == before else { return .invalid }
        return .value(Claim.Documentation(
            activityDescription: flags.0, assistanceType: flags.1, assistanceLevel: flags.2, goalIds: goals.value,
            functionalDeficits: flags.4, continuedSkilledNeed: flags.5, supervisionDocumented: flags.6,
            activityChangedByAssistant: flags.7
        ))
    }

    static func otherServices(_ p: inout JSONPullParser, _ r: inout WireReader) throws(JSONParseError) -> Read<[Claim.OtherService]> {
        let begun = try r.beginArray(&p, at: "/context", "otherServicesToday")
        guard case .value = begun else { return begun.isInvalid ? .invalid : .absent }
        var services: [Claim.OtherService] = []
        var ok = true
        var index = 0
        while try p.nextElement() {
            if let service = try otherService(&p, at: ObjectPath("/context/otherServicesToday", index: index), &r) {
                services.append(service)
            } else {
                ok = false
            }
            index += 1
        }
        return ok ? .value(services) : .invalid
    }

    static func otherService(_ p: inout JSONPullParser, at pointer: ObjectPath, _ r: inout WireReader) throws(JSONParseError) -> Claim.OtherService? {
        let begun = try r.beginObject(&p, at: pointer, what: "an entry of otherServicesToday")
        guard case .value = begun else {
            if !begun.isInvalid { r.report(pointer.pointer, "an entry of otherServicesToday must be an object, found null") }
            return nil
        }
        let before = r.problems.count
        var code = Read<String>.absent
        var role = Read<Role>.absent
        var clinicianId = Read<String>.absent
        var modifiers = Read<[String]>.absent
        var date = Read<CalendarDate>.absent
        let fields = otherServiceFields
        while let key = try p.nextKeyIndex(in: fields) {
            switch key {
            case 0: code = try r.string(&p, at: pointer, "code")
            case 1: role = try r.choice(&p, at: pointer, "role", allowed: roles)
            case 2: clinicianId = try r.string(&p, at: pointer, "clinicianId")
            case 3: modifiers = try r.strings(&p, at: pointer, "modifiers")
            case 4: date = try self.date(&p, &r, at: pointer, "dateOfService")
            default: try r.unknown(&p, key, at: pointer, allowed: fields, what: "an entry of otherServicesToday")
            }
        }
        let codeValue = r.required(code, at: pointer, "code")
        let roleValue = r.required(role, at: pointer, "role")
        guard let codeValue, let roleValue, r.problems.count == before else { return nil }
        return Claim.OtherService(code: codeValue, role: roleValue, clinicianId: clinicianId.value, modifiers: modifiers.value,
                                  dateOfService: date.value)
    }
}
