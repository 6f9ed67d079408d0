/// The segments of the 837P whose values the reader keeps, by their place in the guide's loops.
enum X12SegmentRole: Sendable, Equatable {
    case billingLevel, billingTaxonomy, billingName
    case subscriberLevel, subscriber, payerName
    case patientLevel
    case claim, payerClaimNumber, diagnoses, claimRendering, claimRenderingTaxonomy, claimSupervisor
    case line, service, serviceDate, lineNote, lineRendering, lineRenderingTaxonomy, lineSupervisor
    case transactionTrailer

    /// The role of every node of `map` (nil for loops and segments the reader does not keep).
    static func roles(_ map: X12TransactionMap) -> [X12SegmentRole?] {
        map.nodes.map { node in
            guard !node.isLoop else { return nil }
            let codes = node.qualifierCodes
            switch (node.loop, node.name) {
            case ("2000A", "HL"): return .billingLevel
            case ("2000A", "PRV"): return .billingTaxonomy
            case ("2010AA", "NM1"): return .billingName
            case ("2000B", "HL"): return .subscriberLevel
            case ("2000B", "SBR"): return .subscriber
            case ("2010BB", "NM1"): return .payerName
            case ("2000C", "HL"): return .patientLevel
            case ("2300", "CLM"): return .claim
            case ("2300", "REF") where codes.contains("F8"): return .payerClaimNumber
            case ("2300", "HI") where codes.contains("ABK"): return .diagnoses
            case ("2310B", "NM1"): return .claimRendering
            case ("2310B", "PRV"): return .claimRenderingTaxonomy
            case ("2310D", "NM1"): return .claimSupervisor
            case ("2400", "LX"): return .line
            case ("2400", "SV1"): return .service
            case ("2400", "DTP") where codes.contains("472"): return .serviceDate
            case ("2400", "NTE") where codes.contains("ADD"): return .lineNote
            case ("2420A", "NM1"): return .lineRendering
            case ("2420A", "PRV"): return .lineRenderingTaxonomy
            case ("2420D", "NM1"): return .lineSupervisor
            case ("ST_LOOP", "SE"): return .transactionTrailer
            default: return nil
            }
        }
    }
}
