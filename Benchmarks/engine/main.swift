// engine-bench: claims per second on one core for
//   (a) the engine alone (decoded claim in, ScrubResult out),
//   (b) StrictJSON/ClaimWire decode + validate + scrub + encode,
//   (c) the same with Foundation's JSONDecoder/JSONEncoder (the baseline, run side by side).
// Build in release mode and pin to one core: Benchmarks/engine/run.sh.
import ClaimRules
import ClaimWire
import Foundation
import RuleData
import StrictJSON

/// A typical 4-line Medicare PT claim (~1 KB) with every section the engine reads.
let claimText = """
    {
      "claimId": "BENCH-0001",
      "payer": "medicare",
      "dateOfService": "2026-03-02",
      "provider": {"npi": "1234567893", "role": "PT"},
      "supervisor": {"npi": "1234567893", "role": "PT", "onSite": true},
      "lines": [
        {"code": "97530", "minutes": 33, "units": 2, "modifiers": ["GP"], "setting": "individual", "clinicianId": "pt-1"},
        {"code": "97110", "minutes": 24, "units": 2, "modifiers": ["GP", "CQ"], "assistantMinutes": 10, "clinicianId": "pta-2"},
        {"code": "97140", "minutes": 12, "units": 1, "modifiers": ["GP"], "clinicianId": "pt-1"},
        {"code": "97112", "minutes": 9, "units": 1, "modifiers": ["GP"], "setting": "individual", "clinicianId": "pt-1"}
      ],
      "context": {
        "treatmentDaysSinceProgressReport": 6,
        "visitNumber": 8,
        "progressReportToday": false,
        "planOfCare": {"certifiedFrom": "2026-02-01", "certifiedThrough": "2026-04-30", "goalIds": ["G1", "G2"]},
        "yearToDateAllowed": {"ptSlp": 1480.5, "ot": 0},
        "documentation": {"activityDescription": true, "assistanceType": true, "assistanceLevel": true, "goalIds": ["G1"],
          "functionalDeficits": true, "continuedSkilledNeed": true, "supervisionDocumented": true, "activityChangedByAssistant": false}
      }
    }
    """

struct Options {
    var seconds = 2.0
    var rounds = 3
    /// Run only the mode with this index (for profiling with perf or callgrind).
    var only: Int?
    /// Run each mode exactly this many times instead of timing it (for callgrind instruction counts).
    var iterations: Int?

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let next = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--seconds": seconds = Double(next) ?? seconds; index += 1
            case "--rounds": rounds = Int(next) ?? rounds; index += 1
            case "--only": only = Int(next); index += 1
            case "--iterations": iterations = Int(next); index += 1
            default: break
            }
            index += 1
        }
    }
}

/// Runs `body` in batches until `seconds` have passed; returns operations per second.
func measure(seconds: Double, _ body: () -> Int) -> (rate: Double, checksum: Int) {
    let clock = ContinuousClock()
    let start = clock.now
    let limit = Duration.milliseconds(Int64(seconds * 1000))
    var operations = 0
    var checksum = 0
    while clock.now - start < limit {
        for _ in 0..<1000 { checksum &+= body() }
        operations += 1000
    }
    let elapsed = clock.now - start
    let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (Double(operations) / secondsElapsed, checksum)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let rules = BenchRules.load()
let bytes = Array(claimText.utf8)
let data = Data(bytes)
let decoder = ClaimDecoder()
let jsonDecoder = JSONDecoder()
let jsonEncoder = JSONEncoder()

// Everything must work before it is timed.
guard let claim = try? decoder.decode(bytes, rules: rules) else {
    FileHandle.standardError.write(Data("engine-bench: the benchmark claim does not decode\n".utf8))
    exit(2)
}
let foundationClaim = try? jsonDecoder.decode(Claim.self, from: data)
guard foundationClaim == claim else {
    FileHandle.standardError.write(Data("engine-bench: Foundation decodes the claim differently\n".utf8))
    exit(2)
}
let sample = Scrubber.scrub(claim, rules: rules)
let encodedSample = ResultEncoder.encode(sample)
print("claim: \(bytes.count) bytes, \(claim.lines.count) lines; result: \(encodedSample.count) bytes, status \(sample.status.rawValue), "
    + "\(sample.errors.count) errors, \(sample.warnings.count) warnings, \(sample.conflicts.count) conflicts; ruleset \(rules.id)")

let modes: [(name: String, body: () -> Int)] = [
    ("(a) engine alone: Scrubber.scrub", {
        Scrubber.scrub(claim, rules: rules).lines.count
    }),
    ("(a') engine + ClaimValidator.validate", {
        ClaimValidator.validate(claim, rules: rules).count &+ Scrubber.scrub(claim, rules: rules).lines.count
    }),
    ("(b) StrictJSON/ClaimWire decode+validate+scrub+encode", {
        guard let decoded = try? decoder.decode(bytes, rules: rules) else { return -1 }
        return ResultEncoder.encode(Scrubber.scrub(decoded, rules: rules)).count
    }),
    ("(c) Foundation JSONDecoder+validate+scrub+JSONEncoder", {
        guard let decoded = try? jsonDecoder.decode(Claim.self, from: data),
              ClaimValidator.validate(decoded, rules: rules).isEmpty,
              let encoded = try? jsonEncoder.encode(Scrubber.scrub(decoded, rules: rules)) else { return -1 }
        return encoded.count
    }),
    ("    ClaimDecoder.decode (StrictJSON, schema, validate)", {
        (try? decoder.decode(bytes, rules: rules))?.lines.count ?? -1
    }),
    ("    ResultEncoder.encode", {
        ResultEncoder.encode(sample).count
    }),
    ("    JSONDecoder.decode(Claim.self)", {
        (try? jsonDecoder.decode(Claim.self, from: data))?.lines.count ?? -1
    }),
    ("    JSONEncoder.encode(ScrubResult)", {
        (try? jsonEncoder.encode(sample))?.count ?? -1
    }),
]

var best = [Double](repeating: 0, count: modes.count)
var checksum = 0
if let iterations = options.iterations {
    // Fixed work for instruction counting: `valgrind --tool=callgrind` with two different counts.
    for (index, mode) in modes.enumerated() where options.only == nil || options.only == index {
        for _ in 0..<iterations { checksum &+= mode.body() }
        print("ran \(mode.name) \(iterations) times (checksum \(checksum))")
    }
    exit(0)
}
for round in 1...max(1, options.rounds) {
    for (index, mode) in modes.enumerated() where options.only == nil || options.only == index {
        let (rate, sum) = measure(seconds: options.seconds, mode.body)
        checksum &+= sum
        best[index] = max(best[index], rate)
        print("round \(round) \(mode.name.padding(toLength: 56, withPad: " ", startingAt: 0)) \(Int(rate)) /s")
    }
}
print("")
print("best of \(options.rounds) rounds (\(options.seconds) s each):")
for (index, mode) in modes.enumerated() {
    let microseconds = 1e6 / best[index]
    print("  \(mode.name.padding(toLength: 56, withPad: " ", startingAt: 0)) \(String(Int(best[index])).padding(toLength: 9, withPad: " ", startingAt: 0)) claims/s  \(String(format: "%.2f", microseconds)) µs")
}
print(String(format: "ratio (b)/(c) StrictJSON pipeline vs Foundation pipeline: %.1fx", best[2] / best[3]))
print(String(format: "targets: (a) %d/s vs 200000 -> %@; (b) %d/s vs 50000 -> %@",
    Int(best[0]), best[0] >= 200_000 ? "met" : "NOT met", Int(best[2]), best[2] >= 50_000 ? "met" : "NOT met"))
if checksum == 42 { print("") }
