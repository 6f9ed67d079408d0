import ClaimRules
import StrictJSON

/// The claim's JSON schema (issue 2), read field by field into `Claim` values.
///
/// Each function reads one object, records every problem in the `WireReader` and returns nil when
/// the object could not be built. Field lists double as the "allowed fields" of unknown-field messages.
enum ClaimSchema {
    static let claimFields = ["claimId", "payer", "dateOfService", "provider", "supervisor", "lines", "context"]
    static let providerFields = ["npi", "role"]
    static let supervisorFields = ["npi", "role", "onSite"]
    static let lineFields = ["code", "minutes", "units", "modifiers", "setting", "assistantMinutes", "clinicianId"]
    static let contextFields = [
        "treatmentDaysSinceProgressReport", "visitNumber", "progressReportToday", "planOfCare",
        "yearToDateAllowed", "documentation", "otherServicesToday",
    ]
    static let planOfCareFields = ["certifiedFrom", "certifiedThrough", "goalIds"]
    static let yearToDateFields = ["ptSlp", "ot"]
    static let documentationFields = [
        "activityDescription", "assistanceType", "assistanceLevel", "goalIds", "functionalDeficits",
        "continuedSkilledNeed", "supervisionDocumented", "activityChangedByAssistant",
    ]
    static let otherServiceFields = ["code", "role", "clinicianId", "modifiers"]

    static let roles: [(name: String, value: Role)] = Role.allCases.map { ($0.rawValue, $0) }
    static let settings: [(name: String, value: Setting)] = Setting.allCases.map { ($0.rawValue, $0) }

    /// Every field name and enum value, plus the common payers and modifiers, shared by the reader
    /// (see `JSONStringTable`).
    static let internedStrings = JSONStringTable(
        claimFields + providerFields + supervisorFields + lineFields + contextFields + planOfCareFields
            + yearToDateFields + documentationFields + otherServiceFields + roles.map(\.name) + settings.map(\.name)
            + ["medicare", "medicare-advantage", "commercial-ama", "GP", "GO", "GN", "CQ", "CO", "KX", "59", "XU", "XE", "XS", "XP"]
    )

    static func claim(_ value: JSONValue, _ r: inout WireReader) -> Claim? {
        guard let members = r.object(value, at: "", allowed: claimFields, what: "the claim") else { return nil }
        let claimId = r.string(members, "claimId", at: "", required: false)
        let payer = r.string(members, "payer", at: "", required: true)
        let date = self.date(members, "dateOfService", at: "", required: true, &r)
        var provider: Claim.Provider?
        if let value = r.member(members, "provider") {
            provider = self.provider(value, at: "/provider", &r)
        } else {
            r.missing("", "provider")
        }
        let supervisor = r.member(members, "supervisor").flatMap { self.supervisor($0, at: "/supervisor", &r) }
        var lines: [Claim.Line]?
        if let elements = r.array(members, "lines", at: "", required: true) {
            var decoded: [Claim.Line] = []
            decoded.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                if let line = line(element, index: index, &r) { decoded.append(line) }
            }
            if decoded.count == elements.count { lines = decoded }
        }
        let context = r.member(members, "context").flatMap { self.context($0, &r) }
        guard let payer, let date, let provider, let lines else { return nil }
        return Claim(
            claimId: claimId, payer: payer, dateOfService: date, provider: provider,
            supervisor: supervisor, lines: lines, context: context
        )
    }

    static func date(_ members: [JSONMember], _ key: String, at pointer: String, required: Bool, _ r: inout WireReader) -> CalendarDate? {
        guard let text = r.string(members, key, at: pointer, required: required) else { return nil }
        guard let date = parseDate(text) else {
            r.report(JSONPointer.appending(pointer, key: key), "\(key) must be a real calendar date written YYYY-MM-DD")
            return nil
        }
        return date
    }

    /// `YYYY-MM-DD` (ASCII digits, a real calendar date), read without the generic `StringProtocol`
    /// path of `CalendarDate.init(_:)`, which costs more than the rest of a line's decoding.
    static func parseDate(_ text: String) -> CalendarDate? {
        var copy = text
        return copy.withUTF8 { bytes -> CalendarDate? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            var fields = (0, 0, 0)
            var value = 0
            for (k, byte) in bytes.enumerated() where k != 4 && k != 7 {
                let digit = Int(byte) &- 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
                if k == 3 { fields.0 = value; value = 0 }
                if k == 6 { fields.1 = value; value = 0 }
            }
            fields.2 = value
            return CalendarDate(year: fields.0, month: fields.1, day: fields.2)
        }
    }

    static func provider(_ value: JSONValue, at pointer: String, _ r: inout WireReader) -> Claim.Provider? {
        guard let members = r.object(value, at: pointer, allowed: providerFields, what: "provider") else { return nil }
        let npi = r.string(members, "npi", at: pointer, required: false)
        guard let role = r.choice(members, "role", at: pointer, required: true, allowed: roles) else { return nil }
        return Claim.Provider(npi: npi, role: role)
    }

    static func supervisor(_ value: JSONValue, at pointer: String, _ r: inout WireReader) -> Claim.Supervisor? {
        guard let members = r.object(value, at: pointer, allowed: supervisorFields, what: "supervisor") else { return nil }
        let npi = r.string(members, "npi", at: pointer, required: false)
        let onSite = r.bool(members, "onSite", at: pointer)
        guard let role = r.choice(members, "role", at: pointer, required: true, allowed: roles) else { return nil }
        return Claim.Supervisor(npi: npi, role: role, onSite: onSite)
    }

    static func line(_ value: JSONValue, index: Int, _ r: inout WireReader) -> Claim.Line? {
        let pointer = "/lines/" + String(index)
        guard let members = r.object(value, at: pointer, allowed: lineFields, what: "a service line") else { return nil }
        let before = r.problems.count
        let code = r.string(members, "code", at: pointer, required: true)
        let minutes = r.count(members, "minutes", at: pointer)
        let units = r.count(members, "units", at: pointer)
        let modifiers = r.strings(members, "modifiers", at: pointer)
        let setting = r.choice(members, "setting", at: pointer, required: false, allowed: settings)
        let assistantMinutes = r.count(members, "assistantMinutes", at: pointer)
        let clinicianId = r.string(members, "clinicianId", at: pointer, required: false)
        guard let code, r.problems.count == before else { return nil }
        return Claim.Line(
            code: code, minutes: minutes, units: units, modifiers: modifiers, setting: setting,
            assistantMinutes: assistantMinutes, clinicianId: clinicianId
        )
    }

    static func context(_ value: JSONValue, _ r: inout WireReader) -> Claim.Context? {
        let pointer = "/context"
        guard let members = r.object(value, at: pointer, allowed: contextFields, what: "context") else { return nil }
        let days = r.count(members, "treatmentDaysSinceProgressReport", at: pointer)
        let visit = r.count(members, "visitNumber", at: pointer)
        let progress = r.bool(members, "progressReportToday", at: pointer)
        let plan = r.member(members, "planOfCare").flatMap { planOfCare($0, &r) }
        let ytd = r.member(members, "yearToDateAllowed").flatMap { yearToDate($0, &r) }
        let documentation = r.member(members, "documentation").flatMap { self.documentation($0, &r) }
        var others: [Claim.OtherService]?
        if let elements = r.array(members, "otherServicesToday", at: pointer, required: false) {
            var decoded: [Claim.OtherService] = []
            for (index, element) in elements.enumerated() {
                if let service = otherService(element, at: pointer + "/otherServicesToday/" + String(index), &r) {
                    decoded.append(service)
                }
            }
            if decoded.count == elements.count { others = decoded }
        }
        return Claim.Context(
            treatmentDaysSinceProgressReport: days, visitNumber: visit, progressReportToday: progress,
            planOfCare: plan, yearToDateAllowed: ytd, documentation: documentation, otherServicesToday: others
        )
    }

    static func planOfCare(_ value: JSONValue, _ r: inout WireReader) -> Claim.PlanOfCare? {
        let pointer = "/context/planOfCare"
        guard let members = r.object(value, at: pointer, allowed: planOfCareFields, what: "planOfCare") else { return nil }
        return Claim.PlanOfCare(
            certifiedFrom: date(members, "certifiedFrom", at: pointer, required: false, &r),
            certifiedThrough: date(members, "certifiedThrough", at: pointer, required: false, &r),
            goalIds: r.strings(members, "goalIds", at: pointer)
        )
    }

    static func yearToDate(_ value: JSONValue, _ r: inout WireReader) -> Claim.YearToDateAllowed? {
        let pointer = "/context/yearToDateAllowed"
        guard let members = r.object(value, at: pointer, allowed: yearToDateFields, what: "yearToDateAllowed") else { return nil }
        return Claim.YearToDateAllowed(ptSlp: r.amount(members, "ptSlp", at: pointer), ot: r.amount(members, "ot", at: pointer))
    }

    static func documentation(_ value: JSONValue, _ r: inout WireReader) -> Claim.Documentation? {
        let pointer = "/context/documentation"
        guard let members = r.object(value, at: pointer, allowed: documentationFields, what: "documentation") else { return nil }
        return Claim.Documentation(
            activityDescription: r.bool(members, "activityDescription", at: pointer),
            assistanceType: r.bool(members, "assistanceType", at: pointer),
            assistanceLevel: r.bool(members, "assistanceLevel", at: pointer),
            goalIds: r.strings(members, "goalIds", at: pointer),
            functionalDeficits: r.bool(members, "functionalDeficits", at: pointer),
            continuedSkilledNeed: r.bool(members, "continuedSkilledNeed", at: pointer),
            supervisionDocumented: r.bool(members, "supervisionDocumented", at: pointer),
            activityChangedByAssistant: r.bool(members, "activityChangedByAssistant", at: pointer)
        )
    }

    static func otherService(_ value: JSONValue, at pointer: String, _ r: inout WireReader) -> Claim.OtherService? {
        guard let members = r.object(value, at: pointer, allowed: otherServiceFields, what: "an entry of otherServicesToday") else {
            return nil
        }
        let before = r.problems.count
        let code = r.string(members, "code", at: pointer, required: true)
        let role = r.choice(members, "role", at: pointer, required: true, allowed: roles)
        let clinicianId = r.string(members, "clinicianId", at: pointer, required: false)
        let modifiers = r.strings(members, "modifiers", at: pointer)
        guard let code, let role, r.problems.count == before else { return nil }
        return Claim.OtherService(code: code, role: role, clinicianId: clinicianId, modifiers: modifiers)
    }
}
