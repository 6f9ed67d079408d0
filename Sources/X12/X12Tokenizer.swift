/// Splits an X12 body into segments as its bytes arrive (push style: feed any chunk, any size, and get
/// every segment completed by it), so a large file is never held whole.
///
/// It takes the separators from each ISA (a file may hold several interchanges with different
/// separators), skips a UTF-8 byte-order mark before the first ISA and line breaks or indentation
/// before a segment, and bounds the memory it holds to one segment (`maxSegmentLength`).
public struct X12Tokenizer: Sendable {
    /// Why a body is not an X12 interchange.
    public enum Failure: Sendable, Equatable {
        /// The body does not start with `ISA` (after an optional byte-order mark and white space).
        case noISA
        /// It starts with `ISA`, but the separators cannot be read from it.
        case unreadableISA
    }

    /// What feeding produced.
    public enum Token: Sendable {
        case segment(X12Segment)
        case problem(X12Problem)
        /// The body is not X12; nothing more comes from this tokenizer.
        case notX12(Failure)
    }

    private enum State: Sendable {
        case start, header, between, head, body, discard, failed
    }

    /// Longest segment kept (an 837P segment is a few hundred bytes at most); longer ones are skipped
    /// with a problem.
    public let maxSegmentLength: Int
    /// Longest ISA accepted (106 bytes when its fields have their fixed widths).
    static let maxHeaderLength = 512

    private var state: State = .start
    private var delimiters: X12Delimiters?
    private var segment = X12Segment()
    private var header: [UInt8] = []
    private var headerSeparators = 0
    private var headerTail = 0
    private var bomBytes = 0
    private var indented = false
    private var ordinal = 0
    /// The first ISA has been read.
    public private(set) var sawInterchange = false

    public init(maxSegmentLength: Int = 65_536) {
        self.init(maxSegmentLength: maxSegmentLength, reserving: true)
    }

    init(maxSegmentLength: Int, reserving: Bool) {
        self.maxSegmentLength = maxSegmentLength
        if reserving {
            segment.byteStorage = [UInt8](repeating: 0, count: 256)
            segment.separatorStorage = [Int](repeating: 0, count: 32)
        }
    }

    /// Segments read so far.
    public var segmentCount: Int { ordinal }

    /// Whether a body starting with `prefix` is X12 (`ISA` after an optional UTF-8 byte-order mark and
    /// white space); nil while `prefix` is too short to tell.
    public static func sniff(_ prefix: some Collection<UInt8>) -> Bool? {
        var bytes = prefix[...]
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.count < 3 && bom.starts(with: bytes) && !bytes.isEmpty { return nil }
        if bytes.starts(with: bom) { bytes = bytes.dropFirst(3) }
        bytes = bytes.drop { isSpace($0) }
        let isa = Array("ISA".utf8)
        if bytes.count < 3 { return isa.starts(with: bytes) ? nil : false }
        return bytes.starts(with: isa)
    }

    /// Reads `bytes`; `emit` gets each completed segment and each problem, in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (Token) -> Void) {
        let p = bytes.bindMemory(to: UInt8.self)
        var i = 0
        let n = p.count
        while i < n {
            switch state {
            case .failed:
                return
            case .start:
                // A UTF-8 byte-order mark may come first, then white space, then ISA.
                let b = p[i]
                if bomBytes == 1 || bomBytes == 2 {
                    guard b == (bomBytes == 1 ? 0xBB : 0xBF) else { return fail(.noISA, emit) }
                    bomBytes += 1
                    i += 1
                } else if bomBytes == 0 && b == 0xEF {
                    bomBytes = 1
                    i += 1
                } else if X12Tokenizer.isSpace(b) {
                    bomBytes = 3
                    i += 1
                } else if b == UInt8(ascii: "I") {
                    bomBytes = 3
                    header.removeAll(keepingCapacity: true)
                    headerSeparators = 0
                    headerTail = 0
                    state = .header
                } else {
                    return fail(.noISA, emit)
                }
            case .header:
                i = readHeader(p, from: i, emit)
            case .between:
                let b = p[i]
                if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                    indented = true
                    i += 1
                } else if b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") || b == delimiters?.segment {
                    i += 1
                } else {
                    segment.length = 0
                    segment.separatorCount = 0
                    // A new interchange (with its own separators) starts with `ISA` and a separator; with
                    // four bytes at hand that is decided at once, else byte by byte in `.head`.
                    if n - i >= 4 {
                        if b == UInt8(ascii: "I"), p[i + 1] == UInt8(ascii: "S"), p[i + 2] == UInt8(ascii: "A"),
                           !X12Tokenizer.isAlphanumeric(p[i + 3]) {
                            header.removeAll(keepingCapacity: true)
                            header.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<(i + 4)]))
                            headerSeparators = 1
                            headerTail = 0
                            i += 4
                            state = .header
                        } else {
                            state = .body
                        }
                    } else {
                        state = .head
                    }
                }
            case .head:
                // The first four bytes decide whether a new interchange (with its own separators) begins.
                let b = p[i]
                guard let d = delimiters else { return fail(.noISA, emit) }
                if b == d.segment {
                    i += 1
                    finishSegment(emit)
                    continue
                }
                if b == d.element { appendSeparator(at: segment.length) }
                appendByte(b)
                i += 1
                if segment.length == 4 {
                    let s = segment.byteStorage
                    if s[0] == UInt8(ascii: "I"), s[1] == UInt8(ascii: "S"), s[2] == UInt8(ascii: "A"), !X12Tokenizer.isAlphanumeric(s[3]) {
                        header = Array(s[0..<4])
                        headerSeparators = 1
                        headerTail = 0
                        state = .header
                    } else {
                        state = .body
                        // (limits under four bytes; a shorter segment is judged when it ends)
                        if segment.length > maxSegmentLength { skipTooLong(emit) }
                    }
                }
            case .body:
                guard let d = delimiters else { return fail(.noISA, emit) }
                // Past the limit only the identifier matters (for the problem), so at most
                // `limit` bytes are kept: the segment is too long as soon as they are.
                let limit = Swift.max(maxSegmentLength, 3) + 1
                let wanted = Swift.min(limit, segment.length + (n - i))
                if segment.byteStorage.count < wanted { growBytes(to: wanted, limit: limit) }
                if segment.separatorCount == segment.separatorStorage.count { growSeparators() }
                let scan = copySegment(p, from: i, upTo: i + (wanted - segment.length), terminator: d.segment, separator: d.element)
                i = scan.next
                if segment.length > maxSegmentLength {
                    skipTooLong(emit)
                    continue
                }
                if scan.ended {
                    i += 1
                    finishSegment(emit)
                }
            case .discard:
                guard let d = delimiters else { return fail(.noISA, emit) }
                while i < n && p[i] != d.segment { i += 1 }
                if i < n {
                    i += 1
                    indented = false
                    state = .between
                }
            }
        }
    }

    /// Ends the input: a segment without a terminator is still read (with a problem).
    public mutating func finish(_ emit: (Token) -> Void) {
        switch state {
        case .start:
            fail(.noISA, emit)
        case .header:
            if sawInterchange {
                ordinal += 1
                emit(.problem(X12Problem(.isaUnreadable, segment: ordinal, segmentID: "ISA",
                                         message: "The input ends inside an ISA segment.")))
                state = .failed
            } else {
                fail(.unreadableISA, emit)
            }
        case .head, .body:
            if segment.length == 0 { break }
            emit(.problem(X12Problem(.segmentUnterminated, segment: ordinal + 1, segmentID: segmentIDText(),
                                     message: "The last segment has no segment terminator.")))
            finishSegment(emit)
        case .between, .discard, .failed:
            break
        }
    }

    private mutating func fail(_ failure: Failure, _ emit: (Token) -> Void) {
        state = .failed
        emit(.notX12(failure))
    }

    /// Collects an ISA up to its terminator: 16 element separators, ISA16, then the terminator.
    private mutating func readHeader(_ p: UnsafeBufferPointer<UInt8>, from start: Int, _ emit: (Token) -> Void) -> Int {
        var i = start
        while i < p.count {
            let b = p[i]
            header.append(b)
            i += 1
            let count = header.count
            if count <= 3 {
                let expected: UInt8 = count == 1 ? UInt8(ascii: "I") : count == 2 ? UInt8(ascii: "S") : UInt8(ascii: "A")
                if b != expected { return unreadableHeader(emit, at: i) }
            } else if count == 4 {
                if X12Tokenizer.isAlphanumeric(b) || X12Tokenizer.isSpace(b) { return unreadableHeader(emit, at: i) }
                headerSeparators = 1
            } else if headerSeparators < 16 {
                if b == header[3] { headerSeparators += 1 }
            } else {
                // ISA16, then the segment terminator.
                headerTail += 1
                if headerTail == 2 { return completeHeader(emit, at: i) }
            }
            if count > X12Tokenizer.maxHeaderLength { return unreadableHeader(emit, at: i) }
        }
        return i
    }

    private mutating func completeHeader(_ emit: (Token) -> Void, at i: Int) -> Int {
        let element = header[3]
        let terminator = header[header.count - 1]
        let component = header[header.count - 2]
        let valid = !X12Tokenizer.isAlphanumeric(component) && !X12Tokenizer.isAlphanumeric(terminator)
            && component != element && terminator != element && terminator != component
            && component != UInt8(ascii: " ")
        guard valid else { return unreadableHeader(emit, at: i) }
        var seg = X12Segment(bytes: Array(header[0..<(header.count - 1)]), element: element)
        // ISA11 is the repetition separator from version 00501 on (`U` before); only a one-byte
        // special character can be one.
        let r = seg.range(11)
        var repetition: UInt8?
        if r.count == 1 {
            let c = seg.byteStorage[r.lowerBound]
            if !X12Tokenizer.isAlphanumeric(c) && c != element && c != component && c != terminator && c != UInt8(ascii: " ") {
                repetition = c
            }
        }
        let d = X12Delimiters(element: element, component: component, repetition: repetition, segment: terminator)
        delimiters = d
        seg.delimiters = d
        seg.id = .isa
        seg.indented = indented
        indented = false
        ordinal += 1
        seg.ordinal = ordinal
        sawInterchange = true
        state = .between
        emit(.segment(seg))
        return i
    }

    private mutating func unreadableHeader(_ emit: (Token) -> Void, at i: Int) -> Int {
        if !sawInterchange {
            fail(.unreadableISA, emit)
            return i
        }
        ordinal += 1
        emit(.problem(X12Problem(.isaUnreadable, segment: ordinal, segmentID: "ISA",
                                 message: "The separators cannot be read from this ISA segment; the input up to the next segment terminator was skipped.")))
        header.removeAll(keepingCapacity: true)
        state = .discard
        return i
    }

    /// The segment being read passed `maxSegmentLength`: a problem, and the rest of it is skipped.
    private mutating func skipTooLong(_ emit: (Token) -> Void) {
        reportTooLong(emit)
        state = .discard
    }

    private mutating func reportTooLong(_ emit: (Token) -> Void) {
        ordinal += 1
        emit(.problem(X12Problem(.segmentTooLong, segment: ordinal, segmentID: segmentIDText(),
                                 message: "The segment is longer than \(maxSegmentLength) bytes; it was skipped.")))
        segment.length = 0
        segment.separatorCount = 0
    }

    /// Copies the segment's bytes from `p[start..<end]` (room for them is there) up to the segment
    /// terminator, noting the element separators; stops early when the separators fill their room
    /// (`ended` false and `next` at the separator).
    private mutating func copySegment(_ p: UnsafeBufferPointer<UInt8>, from start: Int, upTo end: Int,
                                      terminator: UInt8, separator: UInt8) -> (next: Int, ended: Bool) {
        var length = segment.length
        var count = segment.separatorCount
        var k = start
        var ended = false
        segment.byteStorage.withUnsafeMutableBufferPointer { out in
            segment.separatorStorage.withUnsafeMutableBufferPointer { offsets in
                // (`growBytes` made `out` hold `length + (end - start)` bytes)
                guard end - start <= out.count - length else { return }
                while k < end {
                    let b = p[k]
                    if b == terminator {
                        ended = true
                        break
                    }
                    if b == separator {
                        if count == offsets.count { break }
                        offsets[count] = length
                        count += 1
                    }
                    out[length] = b
                    length += 1
                    k += 1
                }
            }
        }
        segment.length = length
        segment.separatorCount = count
        return (k, ended)
    }

    private mutating func growBytes(to needed: Int, limit: Int) {
        var size = Swift.max(segment.byteStorage.count, 256)
        while size < needed { size *= 2 }
        size = Swift.max(Swift.min(size, limit), needed)
        segment.byteStorage.append(contentsOf: repeatElement(0, count: size - segment.byteStorage.count))
    }

    private mutating func growSeparators() {
        segment.separatorStorage.append(contentsOf: repeatElement(0, count: Swift.max(segment.separatorStorage.count, 32)))
    }

    /// One byte read in `.head` (under four bytes, so within the room the tokenizer starts with or grows).
    private mutating func appendByte(_ b: UInt8) {
        if segment.length == segment.byteStorage.count { growBytes(to: segment.length + 1, limit: Int.max) }
        segment.byteStorage[segment.length] = b
        segment.length += 1
    }

    private mutating func appendSeparator(at offset: Int) {
        if segment.separatorCount == segment.separatorStorage.count { growSeparators() }
        segment.separatorStorage[segment.separatorCount] = offset
        segment.separatorCount += 1
    }

    private mutating func finishSegment(_ emit: (Token) -> Void) {
        guard let d = delimiters else { return }
        if d.segment == UInt8(ascii: "\n"), segment.length > 0, segment.byteStorage[segment.length - 1] == UInt8(ascii: "\r") {
            segment.length -= 1
            if segment.separatorCount > 0, segment.separatorStorage[segment.separatorCount - 1] == segment.length { segment.separatorCount -= 1 }
        }
        let wasIndented = indented
        indented = false
        state = .between
        guard segment.length > 0 else { return }
        // (only a segment of under four bytes, ended while read byte by byte, can be too long here)
        if segment.length > maxSegmentLength { return reportTooLong(emit) }
        ordinal += 1
        segment.ordinal = ordinal
        segment.delimiters = d
        segment.indented = wasIndented
        let idEnd = segment.idEnd
        segment.id = segment.byteStorage.withUnsafeBufferPointer {
            X12SegmentID(bytes: UnsafeBufferPointer(rebasing: $0[0..<min(idEnd, 3)]))
        }
        emit(.segment(segment))
        segment.length = 0
        segment.separatorCount = 0
    }

    private func segmentIDText() -> String {
        let idEnd = min(segment.idEnd, 3)
        return String(decoding: segment.byteStorage[0..<idEnd], as: UTF8.self)
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
    }
}
