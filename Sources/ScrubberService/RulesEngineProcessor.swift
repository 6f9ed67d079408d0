#if canImport(Glibc)
import Glibc
#endif
import ClaimRules
import ClaimWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StrictJSON
import Locking

/// The real `ClaimProcessor`: `ClaimDecoder` (syntax → 400, schema → 422), `ClaimValidator` (semantics →
/// 422) against the ruleset of the earliest date of service, `Scrubber.scrub` judging each date of service by
/// the ruleset in force on it, and `ResultEncoder` for the requested part. Problem messages come from the
/// decoder and validator, which never quote claim values.
public final class RulesEngineProcessor: ClaimProcessor {
    private let provider: any RulesetProvider
    private let decoder = ClaimDecoder()
    /// Cached /v1/payers and /v1/ruleset bodies, rebuilt when the rulesets change.
    private let documents = Locked<DocumentCache?>(nil)

    private struct DocumentCache {
        var key: [String]
        var payersDay: Int
        var payers: [UInt8]
        var rulesets: [UInt8]
    }

    public init(provider: any RulesetProvider) {
        self.provider = provider
    }

    public func process(_ body: [UInt8], part: ClaimPart) -> ClaimOutcome {
        let claim: Claim
        do {
            claim = try decoder.decode(body)
        } catch {
            switch error {
            case .malformedJSON: return .malformed(error.problems.map(ProblemEntry.init))
            case .invalid(let problems): return .invalid(withUnknownPayer(problems, body: body).map(ProblemEntry.init))
            }
        }
        switch scrub(claim) {
        case .invalid(let problems):
            return .invalid(problems.map(ProblemEntry.init))
        case .scrubbed(let result):
            let body = ResultEncoder.encode(result, sections: RulesEngineProcessor.sections(for: part))
            return .success(body: body, findings: result.allFindingIDs.map(\.rawValue))
        }
    }

    public func scrub(_ claim: Claim) -> ClaimScrubOutcome {
        guard let rules = ruleset(for: claim) else { return .invalid([RulesEngineProcessor.noRuleset]) }
        let problems = ClaimValidator.validate(claim, rules: rules)
        guard problems.isEmpty else { return .invalid(problems) }
        // Each date of service is judged by the ruleset in force on it (the earliest date's is already chosen).
        let provider = self.provider
        let earliest = claim.earliestDateOfService
        return .scrubbed(Scrubber.scrub(claim, diagnosisCodes: provider.diagnosisCodes) { date in
            date == earliest ? rules : provider.ruleset(for: date) ?? rules
        })
    }

    public var latestRuleset: RuleSet? { provider.rulesets.last }

    public func problems(in claim: Claim) -> [FieldProblem] {
        guard let rules = ruleset(for: claim) else { return [RulesEngineProcessor.noRuleset] }
        return ClaimValidator.validate(claim, rules: rules)
    }

    /// The ruleset in force on the claim's earliest date of service (it validates the claim); a claim without
    /// any date is validated against the latest ruleset, which reports the missing dates.
    private func ruleset(for claim: Claim) -> RuleSet? {
        claim.earliestDateOfService.flatMap { provider.ruleset(for: $0) } ?? provider.rulesets.last
    }

    static let noRuleset = FieldProblem(pointer: "/dateOfService", message: "no ruleset is loaded")

    /// The decoder stops before the semantic checks when the schema is broken; an unknown payer is
    /// still reported with the schema problems (every problem, e.g. missing date of
    /// service, negative minutes and unknown payer together). Error path only.
    func withUnknownPayer(_ problems: [FieldProblem], body: [UInt8]) -> [FieldProblem] {
        guard !problems.contains(where: { $0.pointer == "/payer" }),
              let value = try? JSONReader.parse(body), case .string(let payer)? = value["payer"], !payer.isEmpty else {
            return problems
        }
        let rulesets = provider.rulesets
        guard !rulesets.isEmpty, !rulesets.contains(where: { $0.payers[payer] != nil }) else { return problems }
        let known = Set(rulesets.flatMap { $0.payers.keys }).sorted().joined(separator: ", ")
        var result = problems
        let at = result.firstIndex { $0.pointer != "" && $0.pointer != "/claimId" && !$0.pointer.hasPrefix("/claimId/") } ?? result.count
        result.insert(FieldProblem(pointer: "/payer", message: "unknown payer; expected one of: \(known)"), at: at)
        return result
    }

    static func sections(for part: ClaimPart) -> ResultSections {
        switch part {
        case .full: return .full
        case .units: return .unitsPart
        case .modifiers: return .modifiersPart
        case .conflicts: return .conflictsPart
        case .warnings: return .warningsPart
        }
    }

    public var loadedRulesetCount: Int { provider.rulesets.count }

    public func batchRulesets() -> (rules: @Sendable (CalendarDate) -> RuleSet?, diagnosisCodes: ICD10CMCatalog) {
        (provider.snapshot(), provider.diagnosisCodes)
    }

    public func payersDocument() -> [UInt8] { cachedDocuments().payers }

    public func rulesetDocument() -> [UInt8] { cachedDocuments().rulesets }

    private func cachedDocuments() -> DocumentCache {
        let rulesets = provider.rulesets
        let codeSets = provider.diagnosisCodes.codeSets
        let key = rulesets.map { $0.id + "@" + $0.digest } + codeSets.map { "icd10cm:" + $0.id + "@" + $0.digest }
        let today = RulesEngineProcessor.today()
        let day = today?.yyyymmddInt ?? 0
        if let cached = documents.withLock({ $0 }), cached.key == key, cached.payersDay == day {
            return cached
        }
        let current = today.flatMap { provider.ruleset(for: $0) } ?? rulesets.last
        let fresh = DocumentCache(key: key, payersDay: day,
                                  payers: RulesEngineProcessor.payersJSON(current),
                                  rulesets: RulesEngineProcessor.rulesetsJSON(rulesets, codeSets: codeSets))
        documents.withLock { $0 = fresh }
        return fresh
    }

    /// `{"ruleset": id, "payers": [profile, ...]}` for the ruleset in force today, profiles by id.
    static func payersJSON(_ rules: RuleSet?) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("ruleset", rules?.id ?? "")
        w.key("payers")
        w.beginArray()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for id in (rules?.payers.keys.sorted() ?? []) {
            guard let profile = rules?.payers[id],
                  let data = try? encoder.encode(profile),
                  let value = try? JSONReader.parse([UInt8](data)) else { continue }
            w.value(value)
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// `{"rulesets": [{id, effective, through, quarter, digest, counts: {pairs, mues, codes, payers}}],
    ///   "icd10cm": [{id, effective, through, digest, source, counts: {codes, billable, manifestation}}]}`.
    static func rulesetsJSON(_ rulesets: [RuleSet], codeSets: [ICD10CMCodeSet]) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("rulesets")
        w.beginArray()
        for rules in rulesets {
            w.beginObject()
            w.field("id", rules.id)
            w.field("effective", rules.effective.description)
            w.key("through")
            if let through = rules.through { w.string(through.description) } else { w.null() }
            w.key("quarter")
            if let quarter = rules.quarter { w.string(quarter) } else { w.null() }
            w.field("digest", rules.digest)
            w.key("counts")
            w.beginObject()
            w.field("pairs", rules.ptp.count)
            w.field("mues", rules.mues.count)
            w.field("codes", rules.codes.count)
            w.field("payers", rules.payers.count)
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.key("icd10cm")
        w.beginArray()
        for codeSet in codeSets {
            w.beginObject()
            w.field("id", codeSet.id)
            w.field("effective", codeSet.effective.description)
            w.key("through")
            if let through = codeSet.through { w.string(through.description) } else { w.null() }
            w.field("digest", codeSet.digest)
            w.field("source", codeSet.source)
            w.key("counts")
            w.beginObject()
            w.field("codes", codeSet.count)
            w.field("billable", codeSet.billableCount)
            w.field("manifestation", codeSet.manifestationCount)
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// Today's date in UTC (which ruleset /v1/payers describes).
    static func today() -> CalendarDate? {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        return CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }
}

extension ProblemEntry {
    init(_ problem: FieldProblem) { self.init(pointer: problem.pointer, message: problem.message) }
}

extension CalendarDate {
    var yyyymmddInt: Int { year * 10000 + month * 100 + day }
}
