import Testing
@testable import X12

/// The push tokenizer: the same segments whatever the chunking, separators from each ISA, the
/// tolerated layouts (byte-order mark, line breaks, indentation) and the bodies that are not X12.
@Suite struct X12TokenizerTests {
    struct Token: Equatable, CustomStringConvertible {
        var ordinal: Int
        var id: String
        var text: String
        var indented: Bool
        var description: String { "\(ordinal) \(text)\(indented ? " (indented)" : "")" }
    }

    struct Result: Equatable {
        var tokens: [Token] = []
        var problems: [X12ProblemCode] = []
        var failure: X12Tokenizer.Failure?
        var delimiters: [X12Delimiters] = []
    }

    /// Tokenizes `bytes` fed in pieces cut at `cuts` (offsets, ascending).
    static func tokenize(_ bytes: [UInt8], cuts: [Int] = [], maxSegmentLength: Int = 65_536) -> Result {
        var tokenizer = X12Tokenizer(maxSegmentLength: maxSegmentLength)
        var result = Result()
        let handle: (X12Tokenizer.Token) -> Void = { token in
            switch token {
            case .segment(let s):
                result.tokens.append(Token(ordinal: s.ordinal, id: s.idText, text: s.text, indented: s.indented))
                if s.id == .isa { result.delimiters.append(s.delimiters) }
            case .problem(let p): result.problems.append(p.code)
            case .notX12(let f): result.failure = f
            }
        }
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            bytes[start..<cut].withUnsafeBytes { tokenizer.feed($0, handle) }
            start = cut
        }
        tokenizer.finish(handle)
        return result
    }

    static func tokenize(_ text: String) -> Result { tokenize(Array(text.utf8)) }

    @Test func theConstructedFilesSplitIntoTheirLines() {
        for (name, text) in X12Fixtures.all {
            let result = Self.tokenize(text)
            let lines = text.split(separator: "\n").map { String($0.dropLast()) }
            #expect(result.failure == nil, "\(name)")
            #expect(result.problems.isEmpty, "\(name)")
            #expect(result.tokens.map(\.text) == lines, "\(name)")
            #expect(result.tokens.map(\.ordinal) == Array(1...lines.count), "\(name)")
            #expect(result.delimiters == [.standard], "\(name)")
        }
    }

    @Test func wholeByteByByteAndEverySplitGiveTheSameSegments() {
        let bytes = Array(X12Fixtures.c02.utf8)
        let whole = Self.tokenize(bytes)
        #expect(Self.tokenize(bytes, cuts: Array(1..<bytes.count)) == whole)
        for cut in 1..<bytes.count {
            let split = Self.tokenize(bytes, cuts: [cut])
            #expect(split == whole, "split at \(cut)")
            if split != whole { break }
        }
    }

    @Test func readerEventsDoNotDependOnChunking() {
        let bytes = Array(X12Fixtures.c02.utf8)
        let whole = X12Fixtures.read(bytes)
        for chunks in [[1], [2], [3], [7], [64], [105, 1, 1000], [106, 13]] {
            let pieces = X12Fixtures.read(bytes, chunks: chunks)
            #expect(pieces.claims == whole.claims, "\(chunks)")
            #expect(pieces.problems == whole.problems, "\(chunks)")
            #expect(pieces.groups == whole.groups, "\(chunks)")
        }
        for cut in stride(from: 1, to: bytes.count, by: 1) {
            let split = X12Fixtures.read(bytes, chunks: [cut, bytes.count])
            #expect(split.claims == whole.claims, "split at \(cut)")
            if split.claims != whole.claims { break }
        }
    }

    @Test func byteOrderMarkWhiteSpaceAndLineBreaksAreTolerated() {
        let plain = Self.tokenize(X12Fixtures.c01).tokens.map(\.text)
        let variants = [
            "\u{FEFF}" + X12Fixtures.c01,
            "\n\r\n  " + X12Fixtures.c01,
            X12Fixtures.c01.replacingOccurrences(of: "~\n", with: "~\r\n"),
            X12Fixtures.c01.replacingOccurrences(of: "~\n", with: "~"),
            X12Fixtures.c01.replacingOccurrences(of: "~\n", with: "~\n\n"),
        ]
        for variant in variants {
            let result = Self.tokenize(variant)
            #expect(result.failure == nil)
            #expect(result.problems.isEmpty)
            #expect(result.tokens.map(\.text) == plain)
        }
    }

    @Test func indentedSegmentsAreReadAndMarked() {
        let text = X12Fixtures.c01.replacingOccurrences(of: "~\nLX", with: "~\n  \tLX")
        let result = Self.tokenize(text)
        #expect(result.tokens.map(\.text) == Self.tokenize(X12Fixtures.c01).tokens.map(\.text))
        #expect(result.tokens.filter(\.indented).map(\.id) == ["LX", "LX"])
    }

    @Test func lineBreaksAsSegmentTerminators() {
        // Some senders end segments with a line feed, or with CR LF (then CR is the terminator and the
        // LF is a line break after it).
        let plain = Self.tokenize(X12Fixtures.c01).tokens.map(\.text)
        let lf = Self.tokenize(X12Fixtures.c01.replacingOccurrences(of: "~\n", with: "\n"))
        #expect(lf.failure == nil)
        #expect(lf.tokens.map(\.text) == plain)
        #expect(lf.delimiters.first?.segment == UInt8(ascii: "\n"))
        let crlf = Self.tokenize(X12Fixtures.c01.replacingOccurrences(of: "~\n", with: "\r\n"))
        #expect(crlf.failure == nil)
        #expect(crlf.tokens.map(\.text) == plain)
        #expect(crlf.delimiters.first?.segment == UInt8(ascii: "\r"))
    }

    @Test func everyInterchangeBringsItsOwnSeparators() {
        // A second interchange with | ^ > and ! instead of * : ^ ~ (and ISA11 U: no repetition separator).
        let second = X12Fixtures.c03
            .replacingOccurrences(of: "*", with: "|").replacingOccurrences(of: ":", with: ">")
            .replacingOccurrences(of: "~", with: "!")
            .replacingOccurrences(of: "|^|00501|", with: "|U|00501|")
        let result = Self.tokenize(X12Fixtures.c01 + second)
        #expect(result.failure == nil)
        #expect(result.problems.isEmpty)
        #expect(result.delimiters == [
            .standard,
            X12Delimiters(element: UInt8(ascii: "|"), component: UInt8(ascii: ">"), repetition: nil, segment: UInt8(ascii: "!")),
        ])
        let clm = result.tokens.filter { $0.id == "CLM" }.map(\.text)
        #expect(clm == ["CLM*C01PT0001*195***11:B:1*Y*A*Y*Y", "CLM|C03OT0003|170|||11>B>1|Y|A|Y|Y"])
        let reading = X12Fixtures.read(X12Fixtures.c01 + second)
        #expect(reading.claims.map(\.claimID) == ["C01PT0001", "C03OT0003"])
        #expect(reading.claims[1].lines.indices.map { reading.claims[1].modifiers(ofLine: $0) } == [["GO"], ["GO", "CO"], ["GO"]])
        #expect(reading.allProblems.isEmpty, "\(reading.allProblems)")
    }

    @Test func repetitionSeparatorComesFromISA11() {
        let pipe = X12Fixtures.c01.replacingOccurrences(of: "*^*00501*", with: "*|*00501*")
        #expect(Self.tokenize(pipe).delimiters.first?.repetition == UInt8(ascii: "|"))
        let u = X12Fixtures.c01.replacingOccurrences(of: "*^*00501*", with: "*U*00501*")
        #expect(Self.tokenize(u).delimiters.first?.repetition == nil)
    }

    @Test func bodiesThatAreNotX12() {
        #expect(Self.tokenize("").failure == .noISA)
        #expect(Self.tokenize("   \n").failure == .noISA)
        #expect(Self.tokenize("{\"payer\": \"medicare\"}").failure == .noISA)
        #expect(Self.tokenize("GS*HC*A*B~").failure == .noISA)
        #expect(Self.tokenize("\u{FEFF}hello").failure == .noISA)
        #expect(Self.tokenize("ISX*00").failure == .unreadableISA)
        #expect(Self.tokenize("ISA*00*").failure == .unreadableISA)
        #expect(Self.tokenize("ISAA00").failure == .unreadableISA)
        // Component separator equal to the element separator.
        let same = X12Fixtures.c01.replacingOccurrences(of: "*T*:~", with: "*T**~")
        #expect(Self.tokenize(same).failure == .unreadableISA)
        // A letter as segment terminator.
        let letter = X12Fixtures.c01.replacingOccurrences(of: "*T*:~", with: "*T*:X")
        #expect(Self.tokenize(letter).failure == .unreadableISA)
        // No segment terminator within 512 bytes of ISA.
        #expect(Self.tokenize("ISA" + String(repeating: "*", count: 15) + String(repeating: "x", count: 600)).failure == .unreadableISA)
    }

    @Test func sniffTellsX12FromOtherBodies() {
        #expect(X12Tokenizer.sniff(Array("ISA*00".utf8)) == true)
        #expect(X12Tokenizer.sniff([0xEF, 0xBB, 0xBF] + Array("\r\nISA".utf8)) == true)
        #expect(X12Tokenizer.sniff(Array("{\"a\":1}".utf8)) == false)
        #expect(X12Tokenizer.sniff(Array("IS".utf8)) == nil)
        #expect(X12Tokenizer.sniff([0xEF, 0xBB]) == nil)
        #expect(X12Tokenizer.sniff([UInt8]()) == nil)
        #expect(X12Tokenizer.sniff(Array("  I".utf8)) == nil)
        #expect(X12Tokenizer.sniff(Array("  X".utf8)) == false)
    }

    @Test func longSegmentsAreSkippedWithAProblem() {
        let text = X12Fixtures.c01.replacingOccurrences(of: "NTE", with: "NTE")
            .replacingOccurrences(of: "PER*IC*BILLING DESK*TE*5555550100", with: "PER*IC*" + String(repeating: "A", count: 300) + "*TE*5555550100")
        let result = Self.tokenize(Array(text.utf8), maxSegmentLength: 200)
        #expect(result.problems == [.segmentTooLong])
        #expect(!result.tokens.contains { $0.id == "PER" })
        #expect(result.tokens.contains { $0.id == "NM1" })
    }

    @Test func aLimitBelowFourBytesHoldsForShortSegmentsWhateverThePieces() {
        // The first bytes of a segment are read one at a time (to tell a new ISA apart) when a piece
        // ends inside them; the limit holds there too, and the ISA is still told apart.
        let text = X12Fixtures.c01.replacingOccurrences(of: "GS*", with: "CH~GS*")
        let bytes = Array(text.utf8)
        let whole = Self.tokenize(bytes, maxSegmentLength: 1)
        let at = text.range(of: "\nCH~").map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) + 1 } ?? 0
        for cuts in [[at + 1], [at + 2], Array(0..<bytes.count)] {
            let split = Self.tokenize(bytes, cuts: cuts, maxSegmentLength: 1)
            #expect(split == whole, "cut at \(cuts.prefix(3))")
        }
        #expect(whole.tokens.map(\.id) == ["ISA"])
        #expect(whole.problems.first == .segmentTooLong)
        #expect(whole.delimiters.count == 1)
    }

    @Test func aLastSegmentWithoutTerminatorIsReadWithAProblem() {
        let text = String(X12Fixtures.c01.dropLast(2))
        let result = Self.tokenize(text)
        #expect(result.problems == [.segmentUnterminated])
        #expect(result.tokens.last?.text == "IEA*1*000000101")
    }
}
