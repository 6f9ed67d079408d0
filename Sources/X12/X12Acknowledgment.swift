/// What a 999 implementation acknowledgment (005010X231A1) reports: per functional group (AK1/AK9)
/// and per transaction set (AK2/IK5), the segment errors (IK3) and element errors (IK4).
public struct X12InterchangeHeader: Sendable, Equatable {
    /// ISA05/ISA06 and ISA07/ISA08 (the acknowledgment swaps them).
    public var senderQualifier: String
    public var senderID: String
    public var receiverQualifier: String
    public var receiverID: String
    /// ISA13.
    public var controlNumber: String
    /// ISA15 (`P` production, `T` test).
    public var usage: String
    public var delimiters: X12Delimiters
}

public struct X12ElementError: Sendable, Equatable {
    /// IK401: element position, and component position within a composite (0 for none).
    public var position: Int
    public var component: Int
    /// IK402 data element reference number (0 when unknown).
    public var dataElement: Int
    /// IK403 error code.
    public var code: String
    /// IK404 copy of the bad value (codes, amounts and service dates only).
    public var badValue: String?
}

public struct X12SegmentError: Sendable, Equatable {
    /// IK301, IK302 (position in the transaction set, ST = 1), IK303 loop, IK304 code.
    public var segmentID: String
    public var position: Int
    public var loop: String?
    public var code: String
    public var elements: [X12ElementError] = []
}

public struct X12TransactionAcknowledgment: Sendable, Equatable {
    /// AK201, AK202, AK203.
    public var transactionType: String
    public var controlNumber: String
    public var implementationReference: String
    public var segmentErrors: [X12SegmentError] = []
    /// IK502-IK506 codes.
    public var codes: [String] = []
    /// Segment errors beyond the kept maximum were dropped.
    public var truncated = false

    /// IK501: `A` accepted, `E` accepted with errors noted, `R` rejected.
    public var status: String {
        let rejecting = codes.contains { $0 != X12ProblemCode.stVersion.envelopeErrorCode }
        if !segmentErrors.isEmpty || rejecting { return "R" }
        return codes.isEmpty ? "A" : "E"
    }
}

public struct X12GroupAcknowledgment: Sendable, Equatable {
    /// AK101 (GS01), AK102 (GS06), AK103 (GS08).
    public var functionalID: String
    public var controlNumber: String
    public var version: String
    /// GS02 and GS03 (the acknowledgment's group swaps them).
    public var senderCode = ""
    public var receiverCode = ""
    /// GE01 as sent (nil when the group had no GE).
    public var declaredTransactions: Int?
    public var transactions: [X12TransactionAcknowledgment] = []
    /// AK905-AK909 codes.
    public var codes: [String] = []

    /// AK901: `A`, `E`, `P` (some rejected) or `R`.
    public var status: String {
        let accepted = transactions.filter { $0.status != "R" }.count
        if !codes.isEmpty || accepted == 0 { return "R" }
        if accepted < transactions.count { return "P" }
        return transactions.contains { $0.status == "E" } ? "E" : "A"
    }

    public var acceptedCount: Int { transactions.filter { $0.status != "R" }.count }
}
