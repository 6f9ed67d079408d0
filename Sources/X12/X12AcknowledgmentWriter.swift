/// Writes 999 implementation acknowledgments (ASC X12 005010X231A1) as the reader reports functional
/// groups: one interchange per interchange read, one functional group (GS01 `FA`) in it and one 999
/// transaction set per functional group read. Output can be taken piece by piece (`drain`).
///
/// Control numbers are derived from the acknowledged interchange (ISA13 is reused, GS06 is its value),
/// so the same input always gives the same acknowledgment apart from the dates and times.
public struct X12AcknowledgmentWriter: Sendable {
    /// The date and time the envelopes carry: `CCYYMMDD` and `HHMM`.
    public struct Stamp: Sendable {
        public var date: String
        public var time: String
        public init(date: String, time: String) {
            self.date = date
            self.time = time
        }
    }

    public static let version = "005010X231A1"
    private static let delimiters = X12Delimiters.standard

    private let stamp: Stamp
    private var output: [UInt8] = []
    private var header: X12InterchangeHeader?
    private var groupOpen = false
    private var transactionSets = 0
    private var groupControl = "1"
    /// Acknowledged functional groups.
    public private(set) var groupsWritten = 0

    public init(stamp: Stamp) {
        self.stamp = stamp
    }

    /// The bytes written since the last call.
    public mutating func drain() -> [UInt8] {
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    public mutating func interchangeStarted(_ h: X12InterchangeHeader) {
        interchangeEnded()
        header = h
        transactionSets = 0
        let control = X12AcknowledgmentWriter.digits(h.controlNumber, count: 9) ?? "000000001"
        let usage = h.usage == "P" || h.usage == "T" ? h.usage : "P"
        segment(["ISA", "00", pad("", 10), "00", pad("", 10),
                 pad(h.receiverQualifier, 2), pad(h.receiverID, 15), pad(h.senderQualifier, 2), pad(h.senderID, 15),
                 String(stamp.date.suffix(6)), stamp.time, "^", "00501", control, "0", usage, ":"])
        let number = Int(control) ?? 1
        groupControl = String(number == 0 ? 1 : number)
    }

    /// Writes the 999 of one functional group.
    public mutating func group(_ g: X12GroupAcknowledgment) {
        guard header != nil else { return }
        if !groupOpen {
            segment(["GS", "FA", code(g.receiverCode), code(g.senderCode), stamp.date, stamp.time, groupControl, "X",
                     X12AcknowledgmentWriter.version])
            groupOpen = true
        }
        transactionSets += 1
        groupsWritten += 1
        let control = String(transactionSets).leftPadded(to: 4)
        var count = 0
        func put(_ elements: [String]) {
            segment(elements)
            count += 1
        }
        put(["ST", "999", control, X12AcknowledgmentWriter.version])
        put(["AK1", X12AcknowledgmentWriter.clean(g.functionalID, max: 2) ?? "HC",
             X12AcknowledgmentWriter.digits(g.controlNumber, count: nil) ?? "0",
             X12AcknowledgmentWriter.clean(g.version, max: 12) ?? "005010X222A1"])
        for t in g.transactions {
            var ak2 = ["AK2", X12AcknowledgmentWriter.clean(t.transactionType, max: 3) ?? "837", X12AcknowledgmentWriter.clean(t.controlNumber, max: 9).map { $0.leftPadded(to: 4) } ?? "0000"]
            if let reference = X12AcknowledgmentWriter.clean(t.implementationReference, max: 35) { ak2.append(reference) }
            put(ak2)
            for e in t.segmentErrors where e.position >= 1 && e.position <= 999_999 {
                let id = X12AcknowledgmentWriter.clean(e.segmentID, max: 3) ?? "ZZZ"
                // IK303 holds at most 4 characters (2300, 2400); longer loop identifiers are left out.
                let loop = e.loop.flatMap { $0.utf8.count <= 4 ? X12AcknowledgmentWriter.clean($0, max: 4) : nil } ?? ""
                put(["IK3", id, String(e.position), loop, e.code])
                for el in e.elements where el.position >= 1 && el.position <= 99 {
                    let place = el.component > 0 && el.component <= 99 ? "\(el.position):\(el.component)" : String(el.position)
                    var ik4 = ["IK4", place, el.dataElement > 0 && el.dataElement <= 9999 ? String(el.dataElement) : "", el.code]
                    if el.code != "1", let bad = el.badValue.flatMap({ X12AcknowledgmentWriter.clean($0, max: 99) }) { ik4.append(bad) }
                    put(ik4)
                }
            }
            put(["IK5", t.status] + Array(t.codes.prefix(5)))
        }
        let received = g.transactions.count
        put(["AK9", g.status, String(min(g.declaredTransactions ?? received, 999_999)), String(received),
             String(g.acceptedCount)] + Array(g.codes.prefix(5)))
        segment(["SE", String(count + 1), control])
    }

    public mutating func interchangeEnded() {
        guard let h = header else { return }
        if groupOpen { segment(["GE", String(transactionSets), groupControl]) }
        segment(["IEA", groupOpen ? "1" : "0", X12AcknowledgmentWriter.digits(h.controlNumber, count: 9) ?? "000000001"])
        groupOpen = false
        header = nil
    }

    private mutating func segment(_ elements: [String]) {
        var first = true
        for e in elements {
            if !first { output.append(X12AcknowledgmentWriter.delimiters.element) }
            output.append(contentsOf: e.utf8)
            first = false
        }
        // Trailing empty elements are left out (X12.6).
        while output.last == X12AcknowledgmentWriter.delimiters.element { output.removeLast() }
        output.append(X12AcknowledgmentWriter.delimiters.segment)
        output.append(UInt8(ascii: "\n"))
    }

    /// An application code (GS02/GS03: 2 to 15 characters).
    private func code(_ text: String) -> String {
        let clean = X12AcknowledgmentWriter.clean(text, max: 15) ?? "NA"
        return clean.utf8.count < 2 ? "NA" : clean
    }

    private func pad(_ text: String, _ width: Int) -> String {
        let clean = X12AcknowledgmentWriter.clean(text, max: width) ?? ""
        return clean + String(repeating: " ", count: width - clean.utf8.count)
    }

    /// The value without our separators, characters outside the extended set and surrounding spaces,
    /// cut to `max` characters; nil when nothing is left.
    static func clean(_ text: String, max: Int) -> String? {
        let d = delimiters
        var bytes = text.utf8.filter {
            $0 != d.element && $0 != d.component && $0 != d.segment && $0 != d.repetition && X12ElementValidator.isExtendedCharacter($0)
        }
        while bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
        while bytes.first == UInt8(ascii: " ") { bytes.removeFirst() }
        guard !bytes.isEmpty else { return nil }
        return String(decoding: bytes.prefix(max), as: UTF8.self)
    }

    /// Digits only, zero-padded to `count` (or as is when nil); nil when `text` is not all digits or too long.
    static func digits(_ text: String, count: Int?) -> String? {
        let t = text.utf8.drop { $0 == UInt8(ascii: " ") }
        guard !t.isEmpty, t.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let s = String(decoding: t, as: UTF8.self)
        guard let count else { return s.utf8.count <= 9 ? s : nil }
        return s.utf8.count <= count ? s.leftPadded(to: count) : nil
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        utf8.count >= width ? self : String(repeating: "0", count: width - utf8.count) + self
    }
}
