#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuleData

/// `claim-scrubber import-ncci --ptp FILE... --mue FILE --quarter 2026Q2 --out DIR [--skip-invalid]`:
/// imports the CMS practitioner PTP parts and MUE table (zip or the text inside) into a compact,
/// digest-checked ruleset directory the service loads (see docs/ncci-update.md).
enum ImportNCCICommand {
    static let usage = """
        usage: claim-scrubber import-ncci --ptp FILE... --mue FILE --quarter YYYYQn --out DIR [--skip-invalid]
               claim-scrubber import-ncci --verify RULESETS_DIR
          --ptp FILE...    practitioner PTP parts as CMS publishes them (zip archives or the tab-delimited
                           text inside); repeat the flag or list several files after it
          --mue FILE       practitioner MUE table (zip or the CSV inside)
          --quarter Q      the NCCI quarter, e.g. 2026Q2 (effective 2026-04-01 through 2026-06-30)
          --out DIR        output directory (replaced atomically; nothing half-written is left)
          --skip-invalid   leave out invalid rows (reports the count and the first 20) instead of stopping
          --verify DIR     load a rulesets directory exactly as the service does (every file fully
                           validated) and list what it holds; exit 2 when the service would refuse it

        """

    static func run(_ args: [String]) -> Int32 {
        if args.first == "--verify" {
            guard args.count == 2 else { return usageError("--verify takes exactly one directory") }
            return verify(args[1])
        }
        var ptp: [String] = [], mue: [String] = []
        var quarterText: String?, out: String?
        var skipInvalid = false
        var list: String?
        var i = 0
        while i < args.count {
            let arg = args[i]
            switch arg {
            case "--ptp", "--mue":
                list = arg
            case "--quarter", "--out":
                guard i + 1 < args.count else { return usageError("\(arg) needs a value") }
                if arg == "--quarter" { quarterText = args[i + 1] } else { out = args[i + 1] }
                i += 1
                list = nil
            case "--skip-invalid":
                skipInvalid = true
                list = nil
            case "-h", "--help":
                print(usage, terminator: "")
                return 0
            default:
                if arg.hasPrefix("--") { return usageError("unknown option \(arg)") }
                switch list {
                case "--ptp": ptp.append(arg)
                case "--mue": mue.append(arg)
                default: return usageError("unexpected argument \(arg)")
                }
            }
            i += 1
        }
        guard !ptp.isEmpty else { return usageError("--ptp needs at least one file") }
        guard mue.count == 1 else { return usageError("--mue needs exactly one file") }
        guard let quarterText else { return usageError("--quarter is required") }
        guard let quarter = NCCIQuarter(quarterText) else {
            return usageError("--quarter \"\(quarterText)\" is not a quarter such as 2026Q2")
        }
        guard let out, !out.isEmpty else { return usageError("--out is required") }

        let started = Date()
        do {
            let (ruleset, report) = try NCCIImporter.importFiles(ptp: ptp, mue: mue, quarter: quarter, skipInvalid: skipInvalid)
            let size = try RulesetDirectoryWriter.write(ruleset, to: out)
            var text = "imported \(ruleset.id): quarter \(quarter), effective \(format(quarter.effectiveYYYYMMDD)) through \(format(quarter.throughYYYYMMDD))\n"
            text += "  PTP files: \(report.ptpFiles.count), rows: \(report.ptpRows)\n"
            text += "  MUE files: \(report.mueFiles.count), rows: \(report.mueRows)\n"
            text += "  codes: \(report.codes), exact duplicate rows dropped: \(report.duplicateRows)\n"
            for member in report.skippedMembers { text += "  skipped archive member without a table header: \(member)\n" }
            if skipInvalid {
                text += "  invalid rows left out: \(report.invalidRows)\n"
                for problem in report.invalidSample { text += "    \(problem)\n" }
                if report.invalidRows > report.invalidSample.count {
                    text += "    … and \(report.invalidRows - report.invalidSample.count) more\n"
                }
            }
            text += "  digest (sha256): \(report.digest)\n"
            text += "  wrote \(out)/\(RulesetDirectoryWriter.fileName) (\(size) bytes) in \(TextFormat.fixed(Date().timeIntervalSince(started), fractionDigits: 1)) s\n"
            print(text, terminator: "")
            return 0
        } catch {
            StandardStreams.writeError("import-ncci: \(error)\n")
            return 2
        }
    }

    private static func verify(_ directory: String) -> Int32 {
        let started = Date()
        do {
            let base = try RuleSetLoader.loadDefault()
            let catalog = try RulesetCatalogLoader.load(directory: directory, defaultRuleset: base)
            let seconds = Date().timeIntervalSince(started)
            var text = "rulesets in \(directory) (loaded and validated in \(TextFormat.fixed(seconds, fractionDigits: 2)) s):\n"
            for entry in catalog.all {
                let r = entry.ruleset
                let window = r.through.map { "\(r.effective) through \($0)" } ?? "from \(r.effective) (open-ended)"
                text += "  \(r.id)  quarter \(r.quarter ?? "-")  \(window)  PTP \(r.ptp.count)  MUE \(r.mues.count)  "
                text += "digest \(r.digest)  \(entry.path ?? "(curated default, embedded)")\n"
            }
            print(text, terminator: "")
            return 0
        } catch {
            StandardStreams.writeError("import-ncci --verify: \(error)\n")
            return 2
        }
    }

    private static func format(_ yyyymmdd: Int32) -> String {
        let v = Int(yyyymmdd)
        return TextFormat.zeroPadded(v / 10000, width: 4) + "-" + TextFormat.zeroPadded(v / 100 % 100, width: 2) + "-" + TextFormat.zeroPadded(v % 100, width: 2)
    }

    private static func usageError(_ message: String) -> Int32 {
        StandardStreams.writeError("import-ncci: \(message)\n\(usage)")
        return 2
    }
}
