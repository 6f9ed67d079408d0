// icd10cm-bench: the cost of the ICD-10-CM code set, side by side with the dictionary of strings the
// code set used before (`[String: ICD10CMEntry]`, the baseline):
//   load    parse and check the embedded release (98,186 codes) into a code set
//   memory  storage the loaded code set allocates vs the dictionary
//   lookup  ns per lookup of a normalized code (a mix of billable codes, headers and misses), packed table
//           vs dictionary; and normalize + lookup of dotted input as a claim carries it
//   import  read and check a full-size order file, build the release and its file (with --order-file)
// Times are CPU time of the benchmark thread (medians). Build in release mode and pin to one core:
// Benchmarks/icd10cm/run.sh.
import ClaimRules
import EmbeddedConfig
import Foundation
import RuleData
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var rounds = 5
    var lookups = 2_000_000
    var orderFile: String?

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let next = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--rounds": rounds = Int(next) ?? rounds; index += 1
            case "--lookups": lookups = Int(next) ?? lookups; index += 1
            case "--order-file": orderFile = next; index += 1
            default: break
            }
            index += 1
        }
    }
}

/// CPU time of this thread: on a machine shared with other work, wall time measures the neighbours.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("icd10cm-bench: \(message)\n".utf8))
    exit(1)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
guard let text = EmbeddedFiles.file(named: ICD10CMCodeSetFile.embeddedName) else { fail("the embedded code set is missing") }

func buildPacked(_ entries: [(code: String, entry: ICD10CMEntry)]) -> ICD10CMCodeSet {
    var builder = ICD10CMCodeSet.Builder()
    builder.reserveCapacity(entries.count)
    for item in entries { builder.add(item.code, item.entry) }
    return ICD10CMCodeSet(id: "bench", effective: .epoch, digest: "", source: "", codes: builder)
}
func buildDictionary(_ entries: [(code: String, entry: ICD10CMEntry)]) -> [String: ICD10CMEntry] {
    var dictionary: [String: ICD10CMEntry] = [:]
    for item in entries { dictionary[item.code] = item.entry }
    return dictionary
}
// Load.
var loadTimes: [Double] = []
var loaded: ICD10CMCodeSet?
for _ in 0..<options.rounds {
    let start = now()
    do { loaded = try ICD10CMCodeSetFile.parse(text, file: "embedded") } catch { fail(error.description) }
    loadTimes.append(now() - start)
}
guard let codeSet = loaded else { fail("no code set") }
let entries = codeSet.entries
print("codes \(codeSet.count), billable \(codeSet.billableCount), manifestation \(codeSet.manifestationCount)")
print("load (parse, check, sha256, pack): \(String(format: "%.1f", median(loadTimes) * 1000)) ms (median of \(options.rounds))")

// Memory: the storage each structure allocates, from its own geometry (resident-set growth is not
// reliable inside one process: freed memory of the load rounds is reused). The code set: one UInt64
// per slot, slots = the power of two holding the codes at a load of at most 3/4. The dictionary
// baseline: one String key (16 bytes, inline for codes of up to 15 bytes) and one 2-byte entry per
// bucket, plus a bitmap of one bit per bucket; buckets = the power of two holding `capacity` at 3/4.
var slots = 16
while slots * 3 < codeSet.count * 4 { slots *= 2 }
let packedBytes = slots * 8
let packed = buildPacked(entries)
let dictionary = buildDictionary(entries)
var buckets = 1
while buckets * 3 < dictionary.capacity * 4 { buckets *= 2 }
let dictionaryBytes = buckets * (MemoryLayout<String>.stride + MemoryLayout<ICD10CMEntry>.stride) + buckets / 8
print("memory: code set \(packedBytes / 1024) KiB (\(slots) slots), dictionary baseline \(dictionaryBytes / 1024) KiB "
      + "(\(buckets) buckets), ratio \(String(format: "%.2f", Double(dictionaryBytes) / Double(packedBytes)))")

// Lookups: a fixed pseudo-random mix, 60% billable codes, 20% headers, 20% codes the release lacks.
struct Generator {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}
var generator = Generator()
let billable = entries.filter { $0.entry.billable }.map(\.code)
let headers = entries.filter { !$0.entry.billable }.map(\.code)
var queries: [String] = []
for i in 0..<4096 {
    switch i % 5 {
    case 0, 1, 2: queries.append(billable[generator.next(billable.count)])
    case 3: queries.append(headers[generator.next(headers.count)])
    default: queries.append(String(billable[generator.next(billable.count)].dropLast()) + "Y")
    }
}
let dotted = queries.map { $0.count > 3 ? String($0.prefix(3)) + "." + String($0.dropFirst(3)) : $0 }

/// Runs `body` over the inputs `rounds` times `count` lookups; median ns per lookup. `@inline(never)` and the
/// parameters (no globals) keep the loop the same for every contender.
@inline(never)
func measure(_ name: String, rounds: Int, count: Int, inputs: [String], _ body: (String) -> Bool) -> Double {
    var times: [Double] = []
    var found = 0
    for _ in 0..<rounds {
        let start = now()
        var i = 0
        while i < count {
            if body(inputs[i & 4095]) { found += 1 }
            i += 1
        }
        times.append((now() - start) / Double(count) * 1e9)
    }
    let ns = median(times)
    print("\(name): \(String(format: "%.1f", ns)) ns/lookup (hits \(found / rounds) of \(count))")
    return ns
}

@inline(never)
func lookups(codeSet: ICD10CMCodeSet, dictionary: [String: ICD10CMEntry], queries: [String], dotted: [String], options: Options) {
    let r = options.rounds, n = options.lookups
    let overhead = measure("loop overhead (input length check)", rounds: r, count: n, inputs: queries) { $0.utf8.count > 4 }
    let packedNs = measure("lookup, code set", rounds: r, count: n, inputs: queries) { codeSet.lookup($0) != nil }
    let dictionaryNs = measure("lookup, dictionary baseline", rounds: r, count: n, inputs: queries) { dictionary[$0] != nil }
    print("lookup ratio (dictionary / code set, loop overhead subtracted): "
          + String(format: "%.2f", (dictionaryNs - overhead) / max(packedNs - overhead, 0.1)))
    _ = measure("normalize of dotted input alone", rounds: r, count: n, inputs: dotted) { ICD10CMCodeSet.normalize($0) != nil }
    _ = measure("normalize + lookup of dotted input, code set", rounds: r, count: n, inputs: dotted) {
        ICD10CMCodeSet.normalize($0).flatMap { codeSet.lookup($0) } != nil
    }
    _ = measure("normalize + lookup of dotted input, dictionary baseline", rounds: r, count: n, inputs: dotted) {
        ICD10CMCodeSet.normalize($0).flatMap { dictionary[$0] } != nil
    }
}
lookups(codeSet: packed, dictionary: dictionary, queries: queries, dotted: dotted, options: options)

// Import of a full-size order file.
if let path = options.orderFile {
    guard let window = ICD10CMImportWindow(fiscalYear: 2026) else { fail("window") }
    var times: [Double] = []
    var lines = 0
    for _ in 0..<max(1, options.rounds / 2) {
        let start = now()
        do {
            let result = try ICD10CMImporter.importFile(path: path, window: window, base: codeSet)
            lines = result.codeSet.count
        } catch {
            fail(error.description)
        }
        times.append(now() - start)
    }
    print("import of \(path) (\(lines) codes): \(String(format: "%.2f", median(times))) s (median of \(times.count))")
}
