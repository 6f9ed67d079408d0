import ClaimRules
import StrictJSON

/// Hand-written, allocation-light JSON encoding of `ScrubResult` (openapi.yaml `ScrubResult`).
///
/// Values and key names are those of the Codable synthesis (the tests compare against `JSONEncoder`):
/// absent optionals are left out, dates are `YYYY-MM-DD`, enums their raw values. Keys are written in
/// schema order, so output is stable.
public enum ResultEncoder {
    /// The whole result, or the chosen sections, as JSON bytes.
    public static func encode(_ result: ScrubResult, sections: ResultSections = .full, pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty, capacity: sections.contains(.correctedClaim) ? 4096 : 1024)
        write(result, sections: sections, to: &writer)
        return writer.finish()
    }

    /// Writes the result (or the chosen sections) as one JSON object value.
    public static func write(_ result: ScrubResult, sections: ResultSections = .full, to w: inout JSONWriter) {
        w.beginObject()
        writeMembers(result, sections: sections, to: &w)
        w.endObject()
    }

    /// Writes the result's fields into an object the caller has opened (a format that wraps each result
    /// with fields of its own, e.g. a batch's `line`). `claimId: false` leaves the claim id out;
    /// `lineSegment` adds a `segment` to each line result (the line's place in the input, e.g. its 837P
    /// SV1 segment).
    public static func writeMembers(_ result: ScrubResult, sections: ResultSections = .full, claimId: Bool = true,
                                    lineSegment: ((Int) -> Int)? = nil, to w: inout JSONWriter) {
        if sections.contains(.header) {
            if claimId, let claimId = result.claimId { w.field("claimId", claimId) }
            w.field("status", result.status.rawValue)
            w.field("payer", result.payer)
            w.field("unitMethod", result.unitMethod.rawValue)
            writeRuleset(result.ruleset, key: "ruleset", to: &w)
            if let rulesets = result.rulesets {
                w.beginArray("rulesets")
                for ruleset in rulesets { writeRuleset(ruleset, to: &w) }
                w.endArray()
            }
        }
        if sections.contains(.totalTimedMinutes) { w.field("totalTimedMinutes", result.totalTimedMinutes) }
        let withUnits = sections.contains(.lineUnits)
        let withModifiers = sections.contains(.lineModifiers)
        if withUnits || withModifiers {
            w.beginArray("lines")
            // Elements borrowed through the buffer: `for line in result.lines` copies each line result (retaining
            // its strings and arrays); the same below for conflicts and findings.
            result.lines.withUnsafeBufferPointer { lines in
                guard let first = lines.baseAddress else { return }
                for k in 0..<lines.count {
                    let line = first + k
                    writeLine(at: line, units: withUnits, modifiers: withModifiers, segment: lineSegment?(line.pointee.index),
                              to: &w)
                }
            }
            w.endArray()
        }
        if sections.contains(.conflicts) {
            writeConflicts(result.conflicts, key: "conflicts", to: &w)
        }
        if sections.contains(.errors) {
            writeFindings(result.errors, key: "errors", to: &w)
        }
        if sections.contains(.warnings) {
            writeFindings(result.warnings, key: "warnings", to: &w)
        }
        if sections.contains(.correctedClaim) {
            ClaimEncoder.write(result.correctedClaim, key: "correctedClaim", to: &w)
        }
    }

    /// Writes `{"id", "effective", "quarter"?, "digest"}`, as the value of member `key` when one is given.
    public static func writeRuleset(_ ruleset: ScrubResult.RulesetRef, key: StaticString? = nil, to w: inout JSONWriter) {
        beginObject(key, to: &w)
        w.field("id", ruleset.id)
        w.field("effective", ruleset.effective)
        if let quarter = ruleset.quarter { w.field("quarter", quarter) }
        w.field("digest", ruleset.digest)
        w.endObject()
    }

    /// Writes one `lines[]` entry with the unit fields, the modifier fields, or both.
    public static func writeLine(_ line: ScrubResult.LineResult, units: Bool = true, modifiers: Bool = true, segment: Int? = nil,
                                 to w: inout JSONWriter) {
        withUnsafePointer(to: line) { writeLine(at: $0, units: units, modifiers: modifiers, segment: segment, to: &w) }
    }

    /// `writeLine` of the line result at `line`, read in place: a line result passed by value was copied for the
    /// call (its strings and arrays retained and released).
    static func writeLine(at line: UnsafePointer<ScrubResult.LineResult>, units: Bool, modifiers: Bool, segment: Int?,
                          to w: inout JSONWriter) {
        w.beginObject()
        w.field("index", line.pointee.index)
        if let segment { w.field("segment", segment) }
        w.field("code", line.pointee.code)
        if let date = line.pointee.dateOfService { w.field("dateOfService", date) }
        if let through = line.pointee.dateOfServiceThrough { w.field("dateOfServiceThrough", through) }
        if let ruleset = line.pointee.ruleset { w.field("ruleset", ruleset) }
        if units {
            w.field("timed", line.pointee.timed)
            if let minutes = line.pointee.minutes { w.field("minutes", minutes) }
            w.field("units", line.pointee.units)
            if let proposed = line.pointee.proposedUnits { w.field("proposedUnits", proposed) }
        }
        if modifiers {
            w.field("requiredModifiers", line.pointee.requiredModifiers)
            w.field("missingModifiers", line.pointee.missingModifiers)
            w.field("unexpectedModifiers", line.pointee.unexpectedModifiers)
        }
        w.endObject()
    }

    /// Writes the `conflicts` array, as the value of member `key` when one is given.
    public static func writeConflicts(_ conflicts: [ScrubResult.Conflict], key: StaticString? = nil, to w: inout JSONWriter) {
        if let key { w.beginArray(key) } else { w.beginArray() }
        conflicts.withUnsafeBufferPointer { conflicts in
            for k in conflicts.indices { writeConflict(conflicts[k], to: &w) }
        }
        w.endArray()
    }

    private static func writeConflict(_ conflict: ScrubResult.Conflict, to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", conflict.id.rawValue)
        w.field("column1", conflict.column1)
        w.field("column2", conflict.column2)
        w.field("lines", conflict.lines)
        if let indicator = conflict.modifierIndicator { w.field("modifierIndicator", indicator) }
        w.field("resolved", conflict.resolved)
        w.field("severity", conflict.severity.rawValue)
        w.field("message", conflict.message)
        w.field("fix", conflict.fix)
        w.field("source", conflict.source)
        w.endObject()
    }

    /// Writes an `errors` or `warnings` array, as the value of member `key` when one is given.
    public static func writeFindings(_ findings: [Finding], key: StaticString? = nil, to w: inout JSONWriter) {
        if let key { w.beginArray(key) } else { w.beginArray() }
        findings.withUnsafeBufferPointer { findings in
            for k in findings.indices { writeFinding(findings[k], to: &w) }
        }
        w.endArray()
    }

    private static func writeFinding(_ finding: Finding, to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", finding.id.rawValue)
        w.field("severity", finding.severity.rawValue)
        w.field("lines", finding.lines)
        w.field("message", finding.message)
        w.field("fix", finding.fix)
        w.field("source", finding.source)
        if let batchLines = finding.batchLines { w.field("batchLines", batchLines) }
        w.endObject()
    }

    /// Opens an object, as the value of member `key` when one is given (key and brace in one write).
    @inline(__always) static func beginObject(_ key: StaticString?, to w: inout JSONWriter) {
        if let key { w.beginObject(key) } else { w.beginObject() }
    }
}
