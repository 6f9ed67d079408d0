/// Checks across the claims of one batch, keyed by the claims' opaque `patientRef` (compared for
/// equality only; the checker keeps a 128-bit digest of it, never the text, and no message names it).
///
/// Claims are admitted in batch order and each is judged against the claims admitted before it:
/// the output of a batch streams in input order, so a finding can only name claims already seen.
/// - `DUPLICATE_SERVICE` (error): a line with the same code and modifiers (in any order) on the same
///   date of service as a line of an earlier claim of the same patient, unless two different
///   clinicians billed a timed code (that is co-treatment, below). The later claim carries it.
/// - `CO_TREATMENT_OTHER_CLAIM` (warning): a timed code billed on the same date by another
///   clinician (line `clinicianId`, else the claim's provider NPI; both must be known) on an earlier
///   claim of the same patient.
/// - Counting: the patient's treatment days (the distinct dates of service of its claims seen so
///   far) give the visit number and the treatment days since the last progress report at the
///   claim's last date of service, in date order (a claim that arrives out of date order is counted
///   where its date falls among the claims seen so far; claims after it are not revisited). A claim
///   whose `context` states a count anchors it: later dates count on from it; a claim with
///   `progressReportToday` restarts the days since the report. Without an anchor the counting starts
///   at the patient's first date in the batch, which gives a lower bound. Derived counts are offered
///   only when an earlier claim contributed to them, and `Scrubber` uses them only when the claim
///   does not state its own.
///
/// Memory is bounded by `memoryBudget` bytes of per-patient state (charged 160 bytes per patient plus
/// 48 per service line and 36 per treatment day kept). Past the budget the patients not seen for
/// the longest (by batch line) are forgotten, a quarter of the state at a time, and so is a single
/// patient with more than `maxServicesPerPatient` lines or `maxDaysPerPatient` dates; a later claim
/// of a forgotten patient starts a new history and is told (`historyIncomplete`): findings against
/// the forgotten claims are missed and its counts restart, never the other way round.
///
/// Pure and deterministic: the same claims in the same order give the same facts.
public struct CrossClaimChecker: Sendable {
    /// Default bound of the per-patient state of one batch.
    public static let defaultMemoryBudget = 32 << 20
    public static let maxServicesPerPatient = 2048
    public static let maxDaysPerPatient = 1024
    /// Most earlier batch lines named by a derived count (the most recent ones).
    public static let maxBasisLines = 20

    /// What the accounting charges: a patient's dictionary entry and array headers, and a line and a
    /// day with half their size again for the slack of growing arrays. Counts, not capacities: the
    /// allocator's rounding would make the accounting, and so the results, vary from run to run.
    static let bytesPerPatient = 160
    static let bytesPerService = MemoryLayout<ServiceRecord>.stride * 3 / 2
    static let bytesPerDay = MemoryLayout<DayRecord>.stride * 3 / 2

    public let memoryBudget: Int
    private var patients: [PatientKey: Patient] = [:]
    private var forgotten = ForgottenPatients()
    /// Bytes of state by the accounting of `bytesPerPatient`, `bytesPerService` and `bytesPerDay`.
    private(set) var bytesUsed = 0
    /// Patients forgotten so far (for tests and metrics).
    public private(set) var forgottenCount = 0

    struct ServiceRecord {
        var day: Int32
        var line: Int32
        /// The code's five ASCII bytes.
        var code: UInt64
        /// Digest of the sorted modifiers (0: none).
        var modifiers: UInt64
        /// Digest of the clinician (0: unknown).
        var clinician: UInt64
    }

    struct DayRecord {
        var day: Int32
        /// Batch line of the first claim with a service on this date.
        var line: Int32
        /// Batch line of the last claim that stated a count or a report for this date.
        var contextLine: Int32 = 0
        /// A claim stated its visit number for this date (-1: none).
        var statedVisit: Int32 = -1
        /// A claim stated its treatment days since the last report for this date (-1: none).
        var statedDays: Int32 = -1
        /// A progress report was written on this date.
        var report = false
    }

    struct Patient {
        var services: [ServiceRecord] = []
        var days: [DayRecord] = []
        var lastLine = 0
    }

    public init(memoryBudget: Int = CrossClaimChecker.defaultMemoryBudget) {
        self.memoryBudget = max(0, memoryBudget)
    }

    /// Patients currently remembered.
    public var patientCount: Int { patients.count }

    /// Judges `claim` (at batch line `line`, numbered from 1) against the claims admitted before it,
    /// then remembers it. A claim without `patientRef`, or without any dated line, is neither judged
    /// nor remembered. `rules` tells timed codes apart (co-treatment).
    public mutating func admit(_ claim: Claim, line: Int, rules: RuleSet) -> CrossClaimFacts {
        guard let reference = claim.patientRef, !reference.isEmpty, !claim.lines.isEmpty else { return .none }
        var dated: [(index: Int, day: Int32)] = []
        dated.reserveCapacity(claim.lines.count)
        for i in claim.lines.indices {
            guard let date = claim.dateOfService(ofLine: i) else { continue }
            dated.append((i, Int32(clamping: date.dayNumber)))
        }
        guard let lastDay = dated.map(\.day).max() else { return .none }
        let key = PatientKey(reference)
        let line32 = Int32(clamping: line)
        var facts = CrossClaimFacts()
        // Mutated in place in the dictionary: no rehash, no copy of the patient's arrays.
        let index: Dictionary<PatientKey, Patient>.Index
        let before: Int
        if let known = patients.index(forKey: key) {
            index = known
            before = Self.bytes(of: patients.values[index])
        } else {
            facts.historyIncomplete = forgotten.contains(key)
            patients[key] = Patient()
            guard let added = patients.index(forKey: key) else { return facts }
            index = added
            before = 0
        }

        // Judge against the earlier claims.
        let provider = claim.provider.npi.map(PatientKey.digest) ?? 0
        var records: [ServiceRecord] = []
        records.reserveCapacity(dated.count)
        for (lineIndex, day) in dated {
            let l = claim.lines[lineIndex]
            let record = ServiceRecord(day: day, line: line32, code: Self.pack(l.code), modifiers: Self.modifierDigest(l.modifiers),
                                       clinician: l.clinicianId.map(PatientKey.digest) ?? provider)
            records.append(record)
            var duplicates: [Int] = []
            var coTreatments: [Int] = []
            let ref = rules.ref(l.code)
            let timed = ref.known && ref.timed
            for earlier in patients.values[index].services where earlier.day == day && earlier.code == record.code {
                let otherClinician = earlier.clinician != 0 && record.clinician != 0 && earlier.clinician != record.clinician
                if timed && otherClinician {
                    Self.insertSorted(Int(earlier.line), into: &coTreatments)
                } else if earlier.modifiers == record.modifiers {
                    Self.insertSorted(Int(earlier.line), into: &duplicates)
                }
            }
            if !duplicates.isEmpty { facts.findings.append(Self.duplicate(l.code, line: lineIndex, earlier: duplicates)) }
            if !coTreatments.isEmpty { facts.findings.append(Self.coTreatment(l.code, line: lineIndex, earlier: coTreatments)) }
        }

        // Remember this claim.
        patients.values[index].services.append(contentsOf: records)
        for (_, day) in dated { Self.note(day: day, line: line32, in: &patients.values[index].days) }
        if let context = claim.context, let position = patients.values[index].days.firstIndex(where: { $0.day == lastDay }) {
            Self.note(context, line: line32, in: &patients.values[index].days[position])
        }
        patients.values[index].lastLine = line

        // Derive the counts at the claim's last date.
        let days = patients.values[index].days
        facts.visitNumber = Self.count(days, at: lastDay, line: line32, anchor: { $0.statedVisit >= 0 ? Int($0.statedVisit) : nil })
        facts.treatmentDaysSinceProgressReport = Self.count(days, at: lastDay, line: line32, anchor: {
            $0.report ? 0 : ($0.statedDays >= 0 ? Int($0.statedDays) : nil)
        })

        let patient = patients.values[index]
        bytesUsed += Self.bytes(of: patient) - before
        if patient.services.count > Self.maxServicesPerPatient || patient.days.count > Self.maxDaysPerPatient {
            forget(key)
        } else if bytesUsed > memoryBudget {
            evictOldest()
        }
        return facts
    }

    /// The counts and the report a claim states, for its last date.
    private static func note(_ context: Claim.Context, line: Int32, in day: inout DayRecord) {
        if let visit = context.visitNumber {
            day.statedVisit = Int32(clamping: visit)
            day.contextLine = line
        }
        if let days = context.treatmentDaysSinceProgressReport {
            day.statedDays = Int32(clamping: days)
            day.contextLine = line
        }
        if context.progressReportToday == true {
            day.report = true
            day.contextLine = line
        }
    }

    // MARK: - Counting

    /// The count at `day`: the anchor's value (the latest date up to `day` that has one) plus the
    /// treatment days after it, or all treatment days up to `day`. Nil unless a claim other than
    /// `line` contributed; its basis is the most recent of those claims' batch lines.
    private static func count(_ days: [DayRecord], at day: Int32, line: Int32,
                              anchor: (DayRecord) -> Int?) -> CrossClaimFacts.DerivedCount? {
        let end = upperBound(days, day)
        var start = 0
        var base = 0
        var anchorLine: Int32?
        var k = end
        while k > 0 {
            k -= 1
            if let value = anchor(days[k]) {
                base = value
                start = k + 1
                anchorLine = days[k].contextLine
                break
            }
        }
        var basis: [Int] = []
        var j = end
        while j > start && basis.count < maxBasisLines {
            j -= 1
            if days[j].line != line { basis.append(Int(days[j].line)) }
        }
        if let anchorLine, anchorLine != line, basis.count < maxBasisLines { basis.append(Int(anchorLine)) }
        guard !basis.isEmpty else { return nil }
        return CrossClaimFacts.DerivedCount(value: base + (end - start), lines: Array(Set(basis)).sorted())
    }

    /// Index of the first day after `day` (days are sorted).
    private static func upperBound(_ days: [DayRecord], _ day: Int32) -> Int {
        var low = 0, high = days.count
        while low < high {
            let mid = (low + high) / 2
            if days[mid].day <= day { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func note(day: Int32, line: Int32, in days: inout [DayRecord]) {
        let position = upperBound(days, day)
        if position > 0 && days[position - 1].day == day { return }
        days.insert(DayRecord(day: day, line: line), at: position)
    }

    // MARK: - Memory

    private static func bytes(of patient: Patient) -> Int {
        bytesPerPatient + patient.services.count * bytesPerService + patient.days.count * bytesPerDay
    }

    private mutating func forget(_ key: PatientKey) {
        if let patient = patients.removeValue(forKey: key) { bytesUsed -= Self.bytes(of: patient) }
        forgotten.insert(key)
        forgottenCount += 1
    }

    /// Forgets the least recently seen patients until a quarter of the budget is free.
    private mutating func evictOldest() {
        let target = memoryBudget - memoryBudget / 4
        let order = patients.map { (line: $0.value.lastLine, key: $0.key) }.sorted { $0.line < $1.line }
        for entry in order where bytesUsed > target {
            forget(entry.key)
        }
    }

    // MARK: - Keys and findings

    /// The first five ASCII bytes of a code (codes are five characters; longer ones are not valid
    /// claims and never reach the checker).
    static func pack(_ code: String) -> UInt64 {
        var value: UInt64 = 0
        for byte in code.utf8.prefix(8) { value = value << 8 | UInt64(byte) }
        return value
    }

    /// An order-free digest of a line's modifiers, without building strings: each modifier's bytes
    /// are packed (modifiers are two characters; longer ones are not valid claims), the values sorted.
    static func modifierDigest(_ modifiers: [String]?) -> UInt64 {
        guard let modifiers, !modifiers.isEmpty else { return 0 }
        var packed: [UInt64] = []
        packed.reserveCapacity(modifiers.count)
        for modifier in modifiers { packed.append(pack(modifier)) }
        packed.sort()
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for p in packed { value = (value ^ p) &* 0x0000_0100_0000_01b3 }
        let digest = PatientKey.mix(value)
        return digest == 0 ? 1 : digest
    }

    private static func insertSorted(_ value: Int, into list: inout [Int]) {
        if !list.contains(value) {
            list.append(value)
            list.sort()
        }
    }

    /// "the claim at batch line 12", "the claims at batch lines 3, 7".
    static func linesText(_ lines: [Int]) -> String {
        (lines.count == 1 ? "the claim at " : "the claims at ") + numbersText(lines)
    }

    /// "batch line 12", "batch lines 3, 7".
    static func numbersText(_ lines: [Int]) -> String {
        lines.count == 1 ? "batch line \(lines[0])" : "batch lines " + lines.map(String.init).joined(separator: ", ")
    }

    private static func duplicate(_ code: String, line: Int, earlier: [Int]) -> Finding {
        let entry = FindingCatalog.entry(for: .duplicateService)
        return Finding(id: .duplicateService, severity: entry.severity, lines: [line],
                       message: MessageText.join(code, " with the same modifiers is already billed for this patient on the same date of service on ",
                                                 linesText(earlier), "; the payer will deny one of them as a duplicate."),
                       fix: "Send the service on one claim only; if it was furnished twice, bill it once with the units of both, or mark the repeat with the modifier the payer requires (e.g. 76, 59 or XU).",
                       source: entry.source, batchLines: earlier)
    }

    private static func coTreatment(_ code: String, line: Int, earlier: [Int]) -> Finding {
        let entry = FindingCatalog.entry(for: .coTreatmentOtherClaim)
        return Finding(id: .coTreatmentOtherClaim, severity: entry.severity, lines: [line],
                       message: MessageText.join(code, " is also billed by another clinician for this patient on the same date of service on ",
                                                 linesText(earlier), ". If both clinicians treated the patient together, the patient's minutes count once."),
                       fix: "If it was a co-treatment session, bill those minutes on one claim only; if the sessions were separate, make sure both notes record their own times.",
                       source: entry.source, batchLines: earlier)
    }
}
