import ClaimRules
import StrictJSON

/// `GET /v1/catalog`: every finding id the engine reports, from `FindingCatalog` (the same entries
/// docs/findings.md's table is generated from), as `{"findings": [{id, severity, trigger, source, fix}]}`.
enum FindingCatalogDocument {
    static let bytes: [UInt8] = {
        var w = JSONWriter(capacity: 32 * 1024)
        w.beginObject()
        w.key("findings")
        w.beginArray()
        for entry in FindingCatalog.entries {
            w.beginObject()
            w.field("id", entry.id.rawValue)
            w.field("severity", entry.severity.rawValue)
            w.field("trigger", entry.trigger)
            w.field("source", entry.source)
            w.field("fix", entry.fix)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }()
}
