// x12-bench: claims per second on one core for an 837P file (Benchmarks/x12/generate.py), each mode run over
// the whole file in memory, fed in 64 KiB chunks:
//   (a) X12Reader alone: tokenize, place every segment, check elements and envelopes, build claim records;
//   (b) (a) + X12ClaimMapper onto the claim model;
//   (c) the whole path of POST /v1/x12/837p and `check`: read, map, ClaimValidator, Scrubber.scrub, JSON report;
//   (d) the 999 acknowledgment instead of the report (no scrub);
// and, side by side, the JSON path on the same claims: (e) StrictJSON/ClaimWire decode + validate + scrub +
// encode of each claim's JSON (the claims of the file encoded once before timing).
// Build in release mode and pin to one core: Benchmarks/x12/run.sh.
import ClaimRules
import ClaimWire
import ClaimX12
import Foundation
import RuleData
import StrictJSON
import X12

struct Options {
    var file = "/tmp/x12-bench-10k.x12"
    var rounds = 3
    var only: Int?
    init(_ arguments: [String]) {
        var i = 0
        while i < arguments.count {
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--rounds": rounds = Int(next) ?? rounds; i += 1
            case "--only": only = Int(next); i += 1
            default: file = arguments[i]
            }
            i += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("x12-bench: \(message)\n".utf8))
    exit(2)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
guard let data = FileManager.default.contents(atPath: options.file) else { fail("cannot read \(options.file)") }
let body = [UInt8](data)
let rules: RuleSet
do { rules = try RuleSetLoader.loadDefault() } catch { fail("cannot load the default rule data: \(error.description)") }
// Diagnoses are checked against the embedded ICD-10-CM release, as the service does.
let diagnosisCodes: ICD10CMCatalog
do throws(RuleDataError) {
    diagnosisCodes = try ICD10CMReleases(embedded: try ICD10CMReleaseLoader.embedded(), imported: []).catalog
} catch { fail("cannot load the embedded ICD-10-CM release: \(error.description)") }
let chunk = 64 * 1024

/// The shared scrub path with one rule set: ClaimValidator, then Scrubber.scrub.
let scrub: (Claim) -> X12ScrubVerdict = { claim in
    let problems = ClaimValidator.validate(claim, rules: rules)
    return problems.isEmpty ? .scrubbed(Scrubber.scrub(claim, rules: rules, diagnosisCodes: diagnosisCodes)) : .invalid(problems)
}

func feedAll(_ feed: (UnsafeRawBufferPointer) -> Void) {
    body.withUnsafeBytes { all in
        var offset = 0
        while offset < all.count {
            let end = min(offset + chunk, all.count)
            feed(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
            offset = end
        }
    }
}

// Everything must work before it is timed: every claim mapped, nothing wrong with the file. (Skipped with
// `--only N` for N other than 4, so instruction counts of one mode can be taken with callgrind.)
// The code sets the service reads with: place of service and NUCC taxonomies from the rule data.
let readerOptions = X12Reader.Options(rules: rules)
let mapper = X12ClaimMapper(payerMap: X12PayerMap(), rules: rules)
var claims: [Claim] = []
if options.only == nil || options.only == 4 {
    var reader = X12Reader(options: readerOptions)
    var problems = 0
    feedAll { bytes in
        reader.feed(bytes) { event in
            switch event {
            case .claim(let record):
                if case .claim(let claim, _) = mapper.map(record) { claims.append(claim) } else { problems += 1 }
            case .problem: problems += 1
            default: break
            }
        }
    }
    reader.finish { if case .problem = $0 { problems += 1 } }
    guard reader.failure == nil, problems == 0, claims.count == reader.claimCount, !claims.isEmpty else {
        fail("the benchmark file does not read cleanly (\(problems) problems, \(claims.count) of \(reader.claimCount) claims mapped)")
    }
} else {
    var reader = X12Reader(options: readerOptions)
    feedAll { reader.feed($0) { _ in } }
    reader.finish { _ in }
    claims = [Claim](repeating: Claim(payer: "", dateOfService: nil, provider: .init(role: .pt), lines: []), count: reader.claimCount)
}
let jsonClaims = claims.map { mapped -> [UInt8] in
    // The claim-level date covers a JSON schema that wants one; the lines keep their own.
    var claim = mapped
    claim.dateOfService = claim.dateOfService ?? claim.earliestDateOfService
    var w = JSONWriter()
    ClaimEncoder.write(claim, to: &w)
    return w.finish()
}
let decoder = ClaimDecoder()
print("file: \(options.file), \(body.count) bytes, \(claims.count) claims of \(claims.first?.lines.count ?? 0) lines; JSON claim \(jsonClaims.first?.count ?? 0) bytes; ruleset \(rules.id)")

let modes: [(name: String, run: () -> Int)] = [
    ("(a) X12Reader: tokenize, structure, elements, records", {
        var reader = X12Reader(options: readerOptions)
        var n = 0
        feedAll { reader.feed($0) { if case .claim = $0 { n += 1 } } }
        reader.finish { _ in }
        return n
    }),
    ("(b) (a) + X12ClaimMapper", {
        var reader = X12Reader(options: readerOptions)
        var n = 0
        feedAll { reader.feed($0) { if case .claim(let r) = $0, case .claim = mapper.map(r) { n += 1 } } }
        reader.finish { _ in }
        return n
    }),
    ("(c) read + map + validate + scrub + JSON report", {
        let session = X12ScrubSession(output: .report, mapper: mapper, readerOptions: readerOptions, scrub: scrub)
        var bytes = 0
        feedAll {
            session.feed($0)
            bytes &+= session.drain().count
        }
        session.finish()
        bytes &+= session.drain().count
        return bytes > 0 ? session.claims : -1
    }),
    ("(d) read + 999 acknowledgment", {
        let session = X12ScrubSession(output: .acknowledgment(.init(date: "20250310", time: "0930")), mapper: mapper, readerOptions: readerOptions,
                                      scrub: scrub)
        feedAll { session.feed($0) }
        session.finish()
        return session.drain().isEmpty ? -1 : session.claims
    }),
    ("(e) JSON path: decode + validate + scrub + encode", {
        var n = 0
        for json in jsonClaims {
            guard let claim = try? decoder.decode(json, rules: rules) else { return -1 }
            n &+= ResultEncoder.encode(Scrubber.scrub(claim, rules: rules, diagnosisCodes: diagnosisCodes)).isEmpty ? 0 : 1
        }
        return n
    }),
]

/// CPU time of this thread, in seconds: on a shared machine the wall clock also counts the time the
/// scheduler gave to other processes, the thread's CPU time does not.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var best = [Double](repeating: 0, count: modes.count)
var bestCPU = [Double](repeating: 0, count: modes.count)
let clock = ContinuousClock()
for round in 1...max(1, options.rounds) {
    for (i, mode) in modes.enumerated() where options.only == nil || options.only == i {
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        let n = mode.run()
        let cpu = threadCPUSeconds() - cpuStart
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard n == claims.count else { fail("\(mode.name) handled \(n) claims, expected \(claims.count)") }
        let rate = Double(n) / seconds, cpuRate = Double(n) / max(cpu, 1e-9)
        best[i] = max(best[i], rate)
        bestCPU[i] = max(bestCPU[i], cpuRate)
        print("round \(round) [\(i)] \(mode.name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(Int(rate)) claims/s wall, \(Int(cpuRate)) per CPU second")
    }
}
print("")
print("best of \(options.rounds) rounds, \(claims.count) claims (per second of wall time, and of the thread's CPU time):")
for (i, mode) in modes.enumerated() where options.only == nil || options.only == i {
    let mb = Double(body.count) / 1e6 * bestCPU[i] / Double(claims.count)
    let wall = String(Int(best[i])).padding(toLength: 7, withPad: " ", startingAt: 0)
    let cpu = String(Int(bestCPU[i])).padding(toLength: 7, withPad: " ", startingAt: 0)
    print("  [\(i)] \(mode.name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(wall) claims/s wall  \(cpu) claims/s CPU  \(String(format: "%.2f", 1e6 / max(bestCPU[i], 1))) CPU µs/claim  \(String(format: "%.1f", mb)) MB/s of 837P")
}
if options.only == nil {
    print(String(format: "ratio (c) 837P path / (e) JSON path: %.2fx wall, %.2fx CPU; target (c) >= 50000 claims/s on one core (CPU time): %@",
                 best[2] / best[4], bestCPU[2] / bestCPU[4], bestCPU[2] >= 50_000 ? "met" : "NOT met"))
}
