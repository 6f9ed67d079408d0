import Foundation
@testable import X12

/// The constructed 837P files of Config/examples/x12 and ways to change them.
enum X12Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/examples/x12")

    static func text(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    static let c01 = text("c01-medicare-pt-97530x3-97140x1.x12")
    static let c02 = text("c02-medicare-pt-3dos-97110-97530-cq-kx.x12")
    static let c03 = text("c03-medicare-ot-co-modifier.x12")
    static var all: [(String, String)] { [("c01", c01), ("c02", c02), ("c03", c03)] }

    /// `text` with `old` replaced by `new` (once) and every SE01 recounted unless `keepCount`.
    static func mutate(_ text: String, _ old: String, _ new: String, keepCount: Bool = false) -> String {
        guard let range = text.range(of: old) else { return "MUTATION NOT APPLIED: \(old)" }
        let changed = text.replacingCharacters(in: range, with: new)
        return keepCount ? changed : recount(changed)
    }

    /// Every SE01 set to the number of segments from its ST (one segment per line).
    static func recount(_ text: String) -> String {
        var out: [String] = []
        var n = 0
        for line in text.components(separatedBy: "~\n") {
            if line.hasPrefix("ST*") { n = 0 }
            n += 1
            if line.hasPrefix("SE*") {
                var parts = line.components(separatedBy: "*")
                parts[1] = String(n)
                out.append(parts.joined(separator: "*"))
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "~\n")
    }

    /// 1-based ordinal of the first segment starting with `prefix` (files with one segment per line).
    static func ordinal(of prefix: String, in text: String, occurrence: Int = 1) -> Int {
        var seen = 0
        for (i, line) in text.components(separatedBy: "\n").enumerated() where line.hasPrefix(prefix) {
            seen += 1
            if seen == occurrence { return i + 1 }
        }
        return -1
    }

    /// Everything reading `text` gives.
    struct Reading {
        var failure: X12Tokenizer.Failure?
        var claims: [X12ClaimRecord] = []
        var problems: [X12Problem] = []
        var groups: [X12GroupAcknowledgment] = []
        var interchanges: [X12InterchangeHeader] = []
        var interchangeCount = 0
        var transactionCount = 0

        /// File problems and claim problems together.
        var allProblems: [X12Problem] { problems + claims.flatMap(\.problems) }
    }

    static func read(_ text: String, options: X12Reader.Options = X12Reader.Options(), chunks: [Int]? = nil) -> Reading {
        read(Array(text.utf8), options: options, chunks: chunks)
    }

    /// Reads `bytes` whole, or in the given chunk sizes (the last one repeated).
    static func read(_ bytes: [UInt8], options: X12Reader.Options = X12Reader.Options(), chunks: [Int]? = nil) -> Reading {
        var reader = X12Reader(options: options)
        var out = Reading()
        let handle: (X12Reader.Event) -> Void = { event in
            switch event {
            case .claim(let c): out.claims.append(c)
            case .problem(let p): out.problems.append(p)
            case .groupEnded(let g): out.groups.append(g)
            case .interchangeStarted(let h): out.interchanges.append(h)
            case .interchangeEnded: break
            }
        }
        if let chunks, !chunks.isEmpty {
            var offset = 0, k = 0
            while offset < bytes.count {
                let size = max(1, chunks[min(k, chunks.count - 1)])
                let end = min(bytes.count, offset + size)
                bytes[offset..<end].withUnsafeBytes { reader.feed($0, handle) }
                offset = end
                k += 1
            }
        } else {
            reader.feed(bytes, handle)
        }
        reader.finish(handle)
        out.failure = reader.failure
        out.interchangeCount = reader.interchangeCount
        out.transactionCount = reader.transactionCount
        return out
    }
}
