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
    /// Each remembered patient's place in `patients`: the state is mutated in place there, with no
    /// copy of its arrays, and a forgotten patient's place is reused (`freeSlots`).
    private var slots: [PatientKey: Int] = [:]
    private var patients: [Patient] = []
    private var freeSlots: [Int] = []
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
        var key = PatientKey.none
        var services: [ServiceRecord] = []
        var days: [DayRecord] = []
        var lastLine = 0
    }

    public init(memoryBudget: Int = CrossClaimChecker.defaultMemoryBudget) {
        self.memoryBudget = max(0, memoryBudget)
    }

    /// Patients currently remembered.
    public var patientCount: Int { slots.count }

    /// Judges `claim` (at batch line `line`, numbered from 1) against the claims admitted before it,
    /// then remembers it. A claim without `patientRef`, or without any dated line, is neither judged
    /// nor remembered. `rules` tells timed codes apart (co-treatment).
    public mutating func admit(_ claim: Claim, line: Int, rules: RuleSet) -> CrossClaimFacts {
        guard let reference = claim.patientRef, !reference.isEmpty, !claim.lines.isEmpty else { return .none }
        // The claim's services are read in place: no copy of a line, no string built.
        var lastDay = Int32.min
        for i in claim.lines.indices {
            guard let date = claim.lines[i].dateOfService ?? claim.dateOfService else { continue }
            lastDay = max(lastDay, Int32(clamping: date.dayNumber))
        }
        guard lastDay != Int32.min else { return .none }
        let line32 = Int32(clamping: line)
        let key = PatientKey(reference)
        var facts = CrossClaimFacts()
        let index: Int
        let before: Int
        if let known = slots[key] {
            index = known
            before = Self.bytes(of: patients[index])
        } else {
            facts.historyIncomplete = forgotten.contains(key)
            if let free = freeSlots.popLast() {
                index = free
            } else {
                index = patients.count
                patients.append(Patient())
            }
            patients[index].key = key
            slots[key] = index
            before = 0
        }

        // Judge each dated service against the earlier claims' (the first `earlier` records), then
        // remember it.
        let provider = claim.provider.npi.map(PatientKey.digest) ?? 0
        let earlier = patients[index].services.count
        for i in claim.lines.indices {
            guard let date = claim.lines[i].dateOfService ?? claim.dateOfService else { continue }
            let record = ServiceRecord(day: Int32(clamping: date.dayNumber), line: line32, code: Self.pack(claim.lines[i].code),
                                       modifiers: Self.modifierDigest(claim.lines[i].modifiers),
                                       clinician: claim.lines[i].clinicianId.map(PatientKey.digest) ?? provider)
            var duplicates: [Int] = []
            var coTreatments: [Int] = []
            var timed: Bool?
            for k in 0..<earlier {
                let other = patients[index].services[k]
                guard other.day == record.day && other.code == record.code else { continue }
                let otherClinician = other.clinician != 0 && record.clinician != 0 && other.clinician != record.clinician
                if otherClinician && timed == nil {
                    let ref = rules.ref(claim.lines[i].code)
                    timed = ref.known && ref.timed
                }
                if otherClinician && timed == true {
                    Self.insertSorted(Int(other.line), into: &coTreatments)
                } else if other.modifiers == record.modifiers {
                    Self.insertSorted(Int(other.line), into: &duplicates)
                }
            }
            if !duplicates.isEmpty {
                facts.findings.append(Self.duplicate(claim.lines[i].code, line: i, earlier: duplicates))
            }
            if !coTreatments.isEmpty {
                facts.findings.append(Self.coTreatment(claim.lines[i].code, line: i, earlier: coTreatments))
            }
            patients[index].services.append(record)
            Self.note(day: record.day, line: line32, in: &patients[index].days)
        }

        if let context = claim.context {
            let position = Self.upperBound(patients[index].days, lastDay) - 1
            if position >= 0 && patients[index].days[position].day == lastDay {
                Self.note(context, line: line32, in: &patients[index].days[position])
            }
        }
        patients[index].lastLine = line

        // Derive the counts at the claim's last date.
        facts.visitNumber = Self.count(patients[index].days, at: lastDay, line: line32, anchor: {
            $0.statedVisit >= 0 ? Int($0.statedVisit) : nil
        })
        facts.treatmentDaysSinceProgressReport = Self.count(patients[index].days, at: lastDay, line: line32, anchor: {
            $0.report ? 0 : ($0.statedDays >= 0 ? Int($0.statedDays) : nil)
        })

        let after = Self.bytes(of: patients[index])
        bytesUsed += after - before
        if patients[index].services.count > Self.maxServicesPerPatient || patients[index].days.count > Self.maxDaysPerPatient {
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
        basis.reserveCapacity(maxBasisLines + 1)
        var j = end
        while j > start && basis.count < maxBasisLines {
            j -= 1
            if days[j].line != line { basis.append(Int(days[j].line)) }
        }
        if let anchorLine, anchorLine != line, basis.count < maxBasisLines { basis.append(Int(anchorLine)) }
        guard !basis.isEmpty else { return nil }
        // Sorted, each line once (a date's first claim can also be the anchor's).
        basis.sort()
        var unique = 1
        for k in 1..<basis.count where basis[k] != basis[unique - 1] {
            basis[unique] = basis[k]
            unique += 1
        }
        basis.removeLast(basis.count - unique)
        return CrossClaimFacts.DerivedCount(value: base + (end - start), lines: basis)
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
        if let slot = slots.removeValue(forKey: key) {
            bytesUsed -= Self.bytes(of: patients[slot])
            patients[slot] = Patient()
            freeSlots.append(slot)
        }
        forgotten.insert(key)
        forgottenCount += 1
    }

    /// Forgets the least recently seen patients until a quarter of the budget is free.
    private mutating func evictOldest() {
        let target = memoryBudget - memoryBudget / 4
        let order = slots.values.map { (line: patients[$0].lastLine, key: patients[$0].key) }.sorted { $0.line < $1.line }
        for entry in order where bytesUsed > target {
            forget(entry.key)
        }
    }

    // MARK: - Keys and findings

    /// The first eight bytes of a code, packed (codes are five characters; longer ones are not valid
    /// claims and never reach the checker). Read in place: a small string's bytes are not copied out.
    static func pack(_ code: String) -> UInt64 {
        if let value = code.utf8.withContiguousStorageIfAvailable(Self.pack) { return value }
        var value: UInt64 = 0
        for byte in code.utf8.prefix(8) { value = value << 8 | UInt64(byte) }
        return value
    }

    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<min(bytes.count, 8) { value = value << 8 | UInt64(bytes[k]) }
        return value
    }

    /// An order-free digest of a line's modifiers, without building strings or sorting: each modifier's
    /// bytes are packed (modifiers are two characters; longer ones are not valid claims) and mixed, and
    /// the mixes are added, so the same modifiers in any order (repeats counted) give the same digest.
    static func modifierDigest(_ modifiers: [String]?) -> UInt64 {
        guard let modifiers, !modifiers.isEmpty else { return 0 }
        var sum: UInt64 = 0
        for k in modifiers.indices { sum = sum &+ PatientKey.mix(pack(modifiers[k])) }
        let digest = PatientKey.mix(sum ^ UInt64(modifiers.count))
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
