/// Where a value sits in its claim record's `text` (the bytes of the element as sent).
public struct X12Span: Sendable, Equatable {
    public var start: Int32
    public var count: Int32

    public init(start: Int32, count: Int32) {
        self.start = start
        self.count = count
    }

    static let empty = X12Span(start: 0, count: 0)
}

/// One element value as read, with where it came from (for locating problems). The value's bytes are
/// in the claim record's `text` (`X12ClaimRecord.string(_:)` gives them as a string).
///
/// Holds no references, so records and lines are copied and released without reference counting.
public struct X12Field: Sendable, Equatable {
    public var value: X12Span
    /// 1-based ordinal of the segment in the body.
    public var segment: Int
    public var id: X12SegmentID
    /// Element and component position (`SV104`: 4 and 0; `CLM05-1`: 5 and 1); element 0 names the
    /// whole segment.
    public var position: UInt8
    public var component: UInt8

    public init(_ value: X12Span, segment: Int, id: X12SegmentID, position: Int, component: Int = 0) {
        self.value = value
        self.segment = segment
        self.id = id
        self.position = UInt8(truncatingIfNeeded: position)
        self.component = UInt8(truncatingIfNeeded: component)
    }

    /// The segment identifier, e.g. `SV1`.
    public var segmentID: String { id.description }

    /// The element name, e.g. `SV104` or `CLM05-1` (the segment identifier alone for element 0).
    public var element: String {
        guard position > 0 else { return id.description }
        let p = Int(position)
        return id.description + (p < 10 ? "0\(p)" : "\(p)") + (component > 0 ? "-\(component)" : "")
    }
}

/// A provider named in the claim: NPI (NM109 when NM108 is `XX`) and taxonomy (PRV03).
public struct X12Provider: Sendable, Equatable {
    /// The NM1 segment (its ordinal and identifier locate the provider).
    public var name: X12Field
    /// NM109 when NM108 is `XX` (an NPI).
    public var npi: X12Field?
    /// PRV03 of the provider's PRV (qualifier PXC).
    public var taxonomy: X12Field?

    public init(name: X12Field, npi: X12Field? = nil, taxonomy: X12Field? = nil) {
        self.name = name
        self.npi = npi
        self.taxonomy = taxonomy
    }
}

/// One diagnosis of the 2300 HI segment.
public struct X12Diagnosis: Sendable, Equatable {
    /// `ABK`/`ABF` (ICD-10-CM) or `BK`/`BF` (ICD-9-CM).
    public var qualifier: X12Span
    public var code: X12Field
}

/// Up to four values of one composite (SV101-3 to SV101-6, SV107-1 to SV107-4), kept inline.
public struct X12SpanList: Sendable, Equatable {
    private var s0 = X12Span.empty, s1 = X12Span.empty, s2 = X12Span.empty, s3 = X12Span.empty
    /// The component number of each value (4 bits each).
    private var components: UInt16 = 0
    public private(set) var count = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    /// Appends a value (at most four are kept).
    mutating func append(_ span: X12Span, component: Int) {
        switch count {
        case 0: s0 = span
        case 1: s1 = span
        case 2: s2 = span
        case 3: s3 = span
        default: return
        }
        components |= UInt16(component & 0xF) << (4 * UInt16(count))
        count += 1
    }

    public subscript(index: Int) -> X12Span {
        switch index {
        case 0: return s0
        case 1: return s1
        case 2: return s2
        default: return s3
        }
    }

    /// The component number value `index` came from.
    public func component(_ index: Int) -> Int { Int((components >> (4 * UInt16(index))) & 0xF) }
}

/// One service line (loop 2400) as read. Values are spans of the claim record's `text`, with the
/// ordinal of the segment they came from (the `…Field` accessors give value and place together, for
/// locating problems).
public struct X12ServiceLine: Sendable, Equatable {
    /// Ordinals of the line's LX, SV1, DTP*472 and NTE segments (0 when absent).
    public var lineSegment = 0
    public var serviceSegment = 0
    public var dateSegment = 0
    public var noteSegment = 0
    /// LX01.
    public var number: X12Span?
    /// SV101-1 (`HC` for CPT/HCPCS).
    public var qualifier = X12Span.empty
    /// SV101-2.
    public var code: X12Span?
    /// SV101-3 to SV101-6, as sent (empty slots left out), with their component numbers.
    public var modifiers = X12SpanList()
    /// SV101-7 (a description, or a fifth modifier a sender squeezed in).
    public var description: X12Span?
    /// SV102 charge, SV103 unit basis (`UN` units, `MJ` minutes), SV104 quantity, SV105 place of service.
    public var charge: X12Span?
    public var unitBasis: X12Span?
    public var quantity: X12Span?
    public var placeOfService: X12Span?
    /// SV107-1 to SV107-4.
    public var pointers = X12SpanList()
    /// DTP02 of DTP*472 (`D8` or `RD8`) and DTP03.
    public var dateFormat = X12Span.empty
    public var date: X12Span?
    /// A 2400 NTE with NTE01 `ADD` or `DCP`: the qualifier and the text.
    public var noteQualifier = X12Span.empty
    public var note: X12Span?
    /// 2420A rendering provider and 2420D supervising provider of this line.
    public var rendering: X12Provider?
    public var supervisor: X12Provider?

    public init() {}

    private func sv1(_ value: X12Span?, _ position: Int, _ component: Int = 0) -> X12Field? {
        value.map { X12Field($0, segment: serviceSegment, id: .sv1, position: position, component: component) }
    }

    public var codeField: X12Field? { sv1(code, 1, 2) }
    public var descriptionField: X12Field? { sv1(description, 1, 7) }
    public var chargeField: X12Field? { sv1(charge, 2) }
    public var unitBasisField: X12Field? { sv1(unitBasis, 3) }
    public var quantityField: X12Field? { sv1(quantity, 4) }
    public var placeOfServiceField: X12Field? { sv1(placeOfService, 5) }
    public func modifierField(_ index: Int) -> X12Field? {
        guard index >= 0, index < modifiers.count else { return nil }
        return sv1(modifiers[index], 1, modifiers.component(index))
    }
    public func pointerField(_ index: Int) -> X12Field? {
        guard index >= 0, index < pointers.count else { return nil }
        return sv1(pointers[index], 7, index + 1)
    }
    public var numberField: X12Field? { number.map { X12Field($0, segment: lineSegment, id: .lx, position: 1) } }
    public var dateField: X12Field? { date.map { X12Field($0, segment: dateSegment, id: .dtp, position: 3) } }
    public var noteField: X12Field? { note.map { X12Field($0, segment: noteSegment, id: .nte, position: 2) } }
}

/// Everything the reader kept of one claim (loop 2300 and its context): the values the claim model
/// needs, each with its place in the file, and the syntax problems found in the claim's segments.
/// Names, addresses, member identifiers and birth dates are never kept.
///
/// The values' bytes are kept together in `text` and the fields hold spans of it: reading a claim
/// builds no string, and the mapper makes strings only of the values the claim model keeps.
public struct X12ClaimRecord: Sendable, Equatable {
    /// The bytes of every value kept, one after another: the first `textCount` bytes of `storage`
    /// (which grows by doubling and is zero past them, so records read alike compare equal).
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var textCount = 0
    /// CLM01, the patient control number.
    public var claimIDSpan = X12Span.empty
    /// ST02 of the transaction set holding the claim.
    public var transactionSpan = X12Span.empty
    /// Ordinal of the CLM segment.
    public var segment: Int
    /// Syntax problems in the claim's segments (a claim with any is not scrubbed).
    public var problems: [X12Problem] = []
    /// The version the transaction set declares (ST03, else GS08).
    public var versionSpan = X12Span.empty

    /// CLM02, CLM05-1, CLM05-3.
    public var totalCharge: X12Span?
    public var placeOfService: X12Span?
    public var frequency: X12Span?
    /// 2300 REF*F8 REF02: the payer claim control number of the claim a replacement or void refers to.
    public var originalClaimID: X12Field?
    /// 2300 HI (diagnoses), in order.
    public var diagnoses: [X12Diagnosis] = []
    /// 2010AA billing provider with the 2000A PRV*BI taxonomy.
    public var billing: X12Provider?
    /// 2310B rendering and 2310D supervising provider.
    public var rendering: X12Provider?
    public var supervisor: X12Provider?
    /// SBR09 claim filing indicator of the subscriber (2000B).
    public var filingIndicator: X12Field?
    /// 2010BB NM109 payer identifier.
    public var payerID: X12Field?
    public var lines: [X12ServiceLine] = []

    public init(segment: Int) {
        self.segment = segment
    }

    /// A record with the given claim id and transaction control number (tests).
    public init(claimID: String, transaction: String, segment: Int) {
        self.segment = segment
        claimIDSpan = append(Array(claimID.utf8))
        transactionSpan = append(Array(transaction.utf8))
    }

    /// CLM01 as text.
    public var claimID: String { string(claimIDSpan) }
    /// ST02 as text.
    public var transaction: String { string(transactionSpan) }
    /// ST03 (else GS08) as text.
    public var version: String { string(versionSpan) }

    /// The bytes of every value kept, one after another.
    public var text: ArraySlice<UInt8> { storage[0..<textCount] }

    /// Appends `bytes` to `text`; returns their span.
    @discardableResult
    public mutating func append(_ bytes: [UInt8]) -> X12Span {
        bytes.withUnsafeBufferPointer { append($0, 0..<$0.count) }
    }

    /// Appends `bytes[range]` to `text`; returns its span. (One copy into spare room; `Array.append(contentsOf:)`
    /// costs several times more for the few bytes of a value.)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> X12Span {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return X12Span(start: Int32(truncatingIfNeeded: textCount), count: 0) }
        let start = textCount
        let end = start + range.count
        if end > storage.count { grow(to: end) }
        if !range.isEmpty, let from = bytes.baseAddress {
            storage.withUnsafeMutableBufferPointer { to in
                guard let base = to.baseAddress, end <= to.count else { return }
                (base + start).update(from: from + range.lowerBound, count: range.count)
            }
        }
        textCount = end
        return X12Span(start: Int32(truncatingIfNeeded: start), count: Int32(truncatingIfNeeded: range.count))
    }

    private mutating func grow(to needed: Int) {
        var size = max(storage.count, 128)
        while size < needed { size *= 2 }
        storage.append(contentsOf: repeatElement(0, count: size - storage.count))
    }

    mutating func reserve(_ capacity: Int) {
        if storage.count < capacity { grow(to: capacity) }
    }

    /// The value of `span` as text.
    @inlinable
    public func string(_ span: X12Span) -> String {
        guard span.count > 0 else { return "" }
        // (the same string as `String(decoding:as:)`, invalid UTF-8 repaired alike, in about two thirds the instructions)
        return storage.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[valid(span)])
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                _ = buffer.initialize(from: bytes)
                return bytes.count
            }
        }
    }

    @inlinable
    public func string(_ span: X12Span?) -> String? {
        guard let span else { return nil }
        return string(span)
    }

    /// The value of `field` as text.
    @inlinable
    public func string(_ field: X12Field?) -> String? {
        guard let field else { return nil }
        return string(field.value)
    }

    /// Calls `body` with the bytes of `span`.
    @inlinable
    public func withBytes<R>(_ span: X12Span, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[valid(span)])) }
    }

    /// The value of `span` equals `literal` byte for byte.
    @inlinable
    public func equals(_ span: X12Span?, _ literal: StaticString) -> Bool {
        guard let span, Int(span.count) == literal.utf8CodeUnitCount else { return false }
        let r = valid(span)
        guard r.count == literal.utf8CodeUnitCount else { return false }
        // (`withUTF8Buffer`, not `utf8Start`: a one-character literal may be held as a scalar)
        return storage.withUnsafeBufferPointer { t in
            literal.withUTF8Buffer { l in
                var i = 0
                while i < r.count && i < l.count {
                    if t[r.lowerBound + i] != l[i] { return false }
                    i += 1
                }
                return true
            }
        }
    }

    /// Two spans hold the same bytes.
    @inlinable
    public func equals(_ a: X12Span, _ b: X12Span) -> Bool {
        guard a.count == b.count else { return false }
        return storage.withUnsafeBufferPointer { t in
            let ra = valid(a), rb = valid(b)
            guard ra.count == rb.count else { return false }
            var i = 0
            while i < ra.count {
                if t[ra.lowerBound + i] != t[rb.lowerBound + i] { return false }
                i += 1
            }
            return true
        }
    }

    /// The modifiers of line `index` as text (SV101-3 to SV101-6, empty slots left out).
    public func modifiers(ofLine index: Int) -> [String] {
        guard index >= 0, index < lines.count else { return [] }
        let list = lines[index].modifiers
        return (0..<list.count).map { string(list[$0]) }
    }

    /// `span` clamped to `text` (spans come from this record, so this never changes one).
    @inlinable
    func valid(_ span: X12Span) -> Range<Int> {
        let start = min(max(Int(span.start), 0), textCount)
        return start..<min(start + max(Int(span.count), 0), textCount)
    }

    private func clm(_ value: X12Span?, _ position: Int, _ component: Int = 0) -> X12Field? {
        value.map { X12Field($0, segment: segment, id: .clm, position: position, component: component) }
    }

    public var totalChargeField: X12Field? { clm(totalCharge, 2) }
    public var placeOfServiceField: X12Field? { clm(placeOfService, 5, 1) }
    public var frequencyField: X12Field? { clm(frequency, 5, 3) }
}
