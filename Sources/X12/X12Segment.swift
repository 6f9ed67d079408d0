/// One segment as read: its identifier, its elements (1-based, as the implementation guides number
/// them: `SV104` is element 4) and where it sits in the file.
///
/// Elements are kept as the raw bytes and split on demand, so reading a file does not build a string
/// for every element it never looks at.
public struct X12Segment: Sendable {
    /// 1-based position of the segment in the whole body (ISA of the first interchange is 1).
    public internal(set) var ordinal: Int = 0
    public internal(set) var id: X12SegmentID = X12SegmentID(rawValue: 0)
    /// The separators in force for this segment.
    public internal(set) var delimiters: X12Delimiters = .standard
    /// The segment was preceded by spaces or tabs (an indented file).
    public internal(set) var indented = false
    /// The bytes between the segment start and its terminator (identifier included): the first
    /// `length` bytes of `byteStorage`. The tokenizer reuses the room past them for the next segment, so
    /// reading one costs no array growth or clearing.
    var byteStorage: [UInt8] = []
    var length = 0
    /// Offsets in `byteStorage` of the element separators: the first `separatorCount` of `separatorStorage`.
    var separatorStorage: [Int] = []
    var separatorCount = 0

    /// The segment's bytes, exactly (a copy: the reader works on `byteStorage`).
    var bytes: [UInt8] { Array(byteStorage[0..<length]) }
    /// The offsets of its element separators, exactly (a copy).
    var separators: [Int] { Array(separatorStorage[0..<separatorCount]) }

    public init() {}

    /// Builds a segment from text (tests and acknowledgments); `text` has no terminator.
    public init(_ text: String, delimiters: X12Delimiters = .standard, ordinal: Int = 0) {
        self.init(bytes: Array(text.utf8), element: delimiters.element)
        self.ordinal = ordinal
        self.delimiters = delimiters
        id = byteStorage.withUnsafeBufferPointer { X12SegmentID(bytes: UnsafeBufferPointer(rebasing: $0[0..<idEnd])) }
    }

    /// A segment of exactly `bytes`, split at `element`.
    init(bytes: [UInt8], element: UInt8) {
        byteStorage = bytes
        length = bytes.count
        for (i, b) in bytes.enumerated() where b == element { separatorStorage.append(i) }
        separatorCount = separatorStorage.count
    }

    /// Where the identifier ends: the first element separator, else the end.
    var idEnd: Int { separatorCount > 0 ? separatorStorage[0] : length }

    /// The identifier as text, e.g. `SV1`.
    public var idText: String { id.description }

    /// Number of elements after the identifier (an element separator at the very end counts one empty element).
    public var elementCount: Int { separatorCount }

    /// The identifier is 2 or 3 uppercase letters or digits, starting with a letter.
    public var hasValidID: Bool {
        let end = idEnd
        guard end == 2 || end == 3, length >= end else { return false }
        func letter(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        func letterOrDigit(_ b: UInt8) -> Bool { letter(b) || (b >= 48 && b <= 57) }
        return letter(byteStorage[0]) && letterOrDigit(byteStorage[1]) && (end == 2 || letterOrDigit(byteStorage[2]))
    }

    /// The segment ends with an element separator (X12.6 forbids trailing empty elements).
    public var hasTrailingSeparator: Bool { separatorCount > 0 && separatorStorage[separatorCount - 1] == length - 1 }

    /// The byte range of element `n` (1-based); empty when absent.
    func range(_ n: Int) -> Range<Int> {
        guard n >= 1, n <= separatorCount else { return length..<length }
        let start = separatorStorage[n - 1] + 1
        let end = n < separatorCount ? separatorStorage[n] : length
        return start..<end
    }

    /// Element `n` as text; empty when absent or empty.
    public func element(_ n: Int) -> String {
        let r = range(n)
        return r.isEmpty ? "" : String(decoding: byteStorage[r], as: UTF8.self)
    }

    /// Element `n` is present and not empty.
    public func has(_ n: Int) -> Bool { !range(n).isEmpty }

    /// Element `n` equals `text` byte for byte.
    public func element(_ n: Int, is text: StaticString) -> Bool {
        let r = range(n)
        guard r.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { t in
            var i = 0
            for j in r {
                if byteStorage[j] != t[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// Element `n` as `Int(element(n))` reads it (an optional `+` or `-`, then ASCII digits; nil on
    /// overflow or anything else), without building a string.
    func integer(_ n: Int) -> Int? {
        let r = range(n)
        guard !r.isEmpty else { return nil }
        var i = r.lowerBound
        let negative = byteStorage[i] == UInt8(ascii: "-")
        if negative || byteStorage[i] == UInt8(ascii: "+") { i += 1 }
        guard i < r.upperBound else { return nil }
        var value = 0
        while i < r.upperBound {
            let b = byteStorage[i]
            guard b >= 48 && b <= 57 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(Int(b - 48)) : times.addingReportingOverflow(Int(b - 48))
            guard !o1 && !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// Element `n` is `String(value)` byte for byte (`value` not negative).
    func element(_ n: Int, isDecimal value: Int) -> Bool {
        let r = range(n)
        guard value >= 0 else { return element(n) == String(value) }
        var v = value
        var k = r.upperBound
        repeat {
            k -= 1
            guard k >= r.lowerBound, byteStorage[k] == UInt8(48 + v % 10) else { return false }
            v /= 10
        } while v > 0
        return k == r.lowerBound
    }

    /// The byte range of component `c` (1-based) of element `n`; empty when absent.
    func componentRange(_ n: Int, _ c: Int) -> Range<Int> {
        let r = range(n)
        guard !r.isEmpty, c >= 1 else { return r.upperBound..<r.upperBound }
        let separator = delimiters.component
        var index = 1
        var start = r.lowerBound
        var i = r.lowerBound
        while i < r.upperBound {
            if byteStorage[i] == separator {
                if index == c { return start..<i }
                index += 1
                start = i + 1
            }
            i += 1
        }
        return index == c ? start..<r.upperBound : r.upperBound..<r.upperBound
    }

    /// Number of components of element `n` (0 when empty; a plain element has 1).
    public func componentCount(_ n: Int) -> Int {
        let r = range(n)
        guard !r.isEmpty else { return 0 }
        var count = 1
        for i in r where byteStorage[i] == delimiters.component { count += 1 }
        return count
    }

    /// Component `c` (1-based) of element `n`; empty when absent.
    public func component(_ n: Int, _ c: Int) -> String {
        let r = componentRange(n, c)
        return r.isEmpty ? "" : String(decoding: byteStorage[r], as: UTF8.self)
    }

    /// All components of element `n` as text.
    public func components(_ n: Int) -> [String] {
        (0..<componentCount(n)).map { component(n, $0 + 1) }
    }

    /// Up to 8 bytes of `range` packed into an integer (first byte lowest), 0 for an empty range, nil
    /// when longer: code values compare as integers.
    func packed(_ range: Range<Int>) -> UInt64? {
        byteStorage.withUnsafeBufferPointer { X12Segment.packed($0, range) }
    }

    @inline(__always)
    static func packed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        guard range.count <= 8 else { return nil }
        var v: UInt64 = 0
        var shift: UInt64 = 0
        for i in range {
            v |= UInt64(bytes[i]) << shift
            shift += 8
        }
        return v
    }

    /// The segment as sent, without its terminator (tests and diagnostics that never leave the process).
    public var text: String { String(decoding: byteStorage[0..<length], as: UTF8.self) }
}
