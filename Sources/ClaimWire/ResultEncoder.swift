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
        w.withRoom { r in
            r.beginObject()
            writeMembers(result, sections: sections, claimId: true, lineSegment: nil, to: &r)
            r.endObject()
        }
    }

    /// Writes the result's fields into an object the caller has opened (a format that wraps each result
    /// with fields of its own, e.g. a batch's `line`). `claimId: false` leaves the claim id out;
    /// `lineSegment` adds a `segment` to each line result (the line's place in the input, e.g. its 837P
    /// SV1 segment); it may be asked more than once for a line (the result is written again when the
    /// buffer has to grow), so it must only look the segment up.
    public static func writeMembers(_ result: ScrubResult, sections: ResultSections = .full, claimId: Bool = true,
                                    lineSegment: ((Int) -> Int)? = nil, to w: inout JSONWriter) {
        w.withRoom { r in writeMembers(result, sections: sections, claimId: claimId, lineSegment: lineSegment, to: &r) }
    }

    /// `writeMembers` into a room of the writer: the whole result reaches the buffer once.
    static func writeMembers(_ result: ScrubResult, sections: ResultSections, claimId: Bool,
                             lineSegment: ((Int) -> Int)?, to w: inout JSONWriter.Room) {
        if sections.contains(.header) {
            if claimId, let claimId = result.claimId { w.field("claimId", claimId) }
            w.field("status", result.status.rawValue)
            w.field("payer", result.payer)
            w.field("unitMethod", result.unitMethod.rawValue)
            writeRuleset(result.ruleset, key: "ruleset", to: &w)
            if let rulesets = result.rulesets {
                w.beginArray("rulesets")
                rulesets.withUnsafeBufferPointer { rulesets in
                    for k in rulesets.indices { writeRuleset(rulesets[k], key: nil, to: &w) }
                }
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
        w.withRoom { r in writeRuleset(ruleset, key: key, to: &r) }
    }

    static func writeRuleset(_ ruleset: ScrubResult.RulesetRef, key: StaticString?, to w: inout JSONWriter.Room) {
        if let key { w.beginObject(key) } else { w.beginObject() }
        w.field("id", ruleset.id)
        w.field("effective", ruleset.effective)
        if let quarter = ruleset.quarter { w.field("quarter", quarter) }
        w.field("digest", ruleset.digest)
        w.endObject()
    }

    /// Writes one `lines[]` entry with the unit fields, the modifier fields, or both.
    public static func writeLine(_ line: ScrubResult.LineResult, units: Bool = true, modifiers: Bool = true, segment: Int? = nil,
                                 to w: inout JSONWriter) {
        withUnsafePointer(to: line) { line in
            w.withRoom { r in writeLine(at: line, units: units, modifiers: modifiers, segment: segment, to: &r) }
        }
    }

    /// `writeLine` of the line result at `line`, read in place: a line result passed by value was copied for the
    /// call (its strings and arrays retained and released).
    static func writeLine(at line: UnsafePointer<ScrubResult.LineResult>, units: Bool, modifiers: Bool, segment: Int?,
                          to w: inout JSONWriter.Room) {
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
        w.withRoom { r in writeConflicts(conflicts, key: key, to: &r) }
    }

    static func writeConflicts(_ conflicts: [ScrubResult.Conflict], key: StaticString?, to w: inout JSONWriter.Room) {
        if let key { w.beginArray(key) } else { w.beginArray() }
        conflicts.withUnsafeBufferPointer { conflicts in
            guard let first = conflicts.baseAddress else { return }
            for k in 0..<conflicts.count { writeConflict(at: first + k, to: &w) }
        }
        w.endArray()
    }

    private static func writeConflict(at conflict: UnsafePointer<ScrubResult.Conflict>, to w: inout JSONWriter.Room) {
        w.beginObject()
        w.field("id", conflict.pointee.id.rawValue)
        w.field("column1", conflict.pointee.column1)
        w.field("column2", conflict.pointee.column2)
        w.field("lines", conflict.pointee.lines)
        if let indicator = conflict.pointee.modifierIndicator { w.field("modifierIndicator", indicator) }
        w.field("resolved", conflict.pointee.resolved)
        w.field("severity", conflict.pointee.severity.rawValue)
        w.field("message", conflict.pointee.message)
        w.field("fix", conflict.pointee.fix)
        w.field("source", conflict.pointee.source)
        w.endObject()
    }

    /// Writes an `errors` or `warnings` array, as the value of member `key` when one is given.
    public static func writeFindings(_ findings: [Finding], key: StaticString? = nil, to w: inout JSONWriter) {
        w.withRoom { r in writeFindings(findings, key: key, to: &r) }
    }

    static func writeFindings(_ findings: [Finding], key: StaticString?, to w: inout JSONWriter.Room) {
        if let key { w.beginArray(key) } else { w.beginArray() }
        findings.withUnsafeBufferPointer { findings in
            guard let first = findings.baseAddress else { return }
            for k in 0..<findings.count { writeFinding(at: first + k, to: &w) }
        }
        w.endArray()
    }

    /// The finding at `finding`, read in place (a copy would retain its strings).
    private static func writeFinding(at finding: UnsafePointer<Finding>, to w: inout JSONWriter.Room) {
        w.beginObject()
        w.field("id", finding.pointee.id.rawValue)
        w.field("severity", finding.pointee.severity.rawValue)
        w.field("lines", finding.pointee.lines)
        w.field("message", finding.pointee.message)
        w.field("fix", finding.pointee.fix)
        w.field("source", finding.pointee.source)
        if let batchLines = finding.pointee.batchLines { w.field("batchLines", batchLines) }
        w.endObject()
    }
}
