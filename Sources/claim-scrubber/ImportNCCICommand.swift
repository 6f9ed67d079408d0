#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuleData
import ScrubberService

/// `claim-scrubber import-ncci --ptp FILE... --mue FILE --quarter 2026Q2 --out DIR [--skip-invalid]`:
/// imports the CMS practitioner PTP parts and MUE table (zip or the text inside) into a compact,
/// digest-checked ruleset directory the service loads (see docs/ncci-update.md).
enum ImportNCCICommand {
    static let help = CommandHelp(
        name: "import-ncci",
        summary: "import a quarter of the CMS NCCI PTP and MUE files for serve",
        synopsis: [
            "--ptp FILE... --mue FILE --quarter YYYYQn --out DIR [--skip-invalid]",
            "--verify [DIR] [--config FILE]",
        ],
        description: """
            Imports the CMS practitioner PTP parts and the practitioner MUE table of one quarter (the \
            zip archives as CMS publishes them, or the files inside) into DIR/ruleset.ncci, a compact \
            file with its own SHA-256 digest that serve loads from its rulesets directory. Every row \
            is validated; the first bad row stops the import with its file and line, and nothing is \
            written. The output directory is written through a temporary directory and renamed into \
            place, so a running service never sees half of it. With --verify, loads a rulesets \
            directory exactly as serve does and lists what it holds.
            """,
        options: [
            .init(name: "--ptp FILE...", meaning: "The practitioner PTP parts (zip archives or the tab-delimited text inside); repeat the option or list several files after it.", defaultValue: nil),
            .init(name: "--mue FILE", meaning: "The practitioner MUE table (zip archive or the CSV inside).", defaultValue: nil),
            .init(name: "--quarter YYYYQn", meaning: "The NCCI quarter, e.g. 2026Q2: the ruleset applies to dates of service from its first to its last day (2026-04-01 through 2026-06-30).", defaultValue: nil),
            .init(name: "--out DIR", meaning: "The output directory, a new subdirectory of the rulesets directory named after the quarter; replaced as a whole if it exists.", defaultValue: nil),
            .init(name: "--skip-invalid", meaning: "Leave out invalid rows instead of stopping, and report how many (and the first 20).", defaultValue: "stop at the first invalid row"),
            .init(name: "--verify [DIR]", meaning: "Load the rulesets directory DIR as serve does (every file's digest, sizes, order and indexes checked) and list each ruleset.", defaultValue: "DIR is the rulesets.directory of the configuration"),
            .init(name: "--config FILE", meaning: CommandHelp.configOption + " import-ncci --verify uses its rulesets.directory when DIR is not given.",
                  defaultValue: CommandHelp.configDefault),
        ],
        exitStatuses: [
            (0, "imported, or the rulesets directory verifies"),
            (2, "bad usage, a file or row that is not valid (nothing is written), or a rulesets directory serve would refuse"),
        ])

    static func run(_ args: [String]) -> Int32 {
        if args.first == "--verify" {
            return verify(Array(args.dropFirst()))
        }
        if args.contains("--verify") { return usageError("--verify comes first: import-ncci --verify [DIR] [--config FILE]") }
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
            case "--config":
                return usageError("--config goes with --verify: import-ncci --verify [DIR] [--config FILE]")
            case "--skip-invalid":
                skipInvalid = true
                list = nil
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

    /// `--verify [DIR] [--config FILE]`: DIR, else the configuration's rulesets directory.
    private static func verify(_ args: [String]) -> Int32 {
        guard let directory = help.verifyDirectory(args) else { return 2 }
        return verify(directory: directory)
    }

    private static func verify(directory: String) -> Int32 {
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
                text += "digest \(r.digest)  \(entry.path ?? "(built-in default, embedded)")\n"
            }
            let releases = try ICD10CMReleaseLoader.load(directory: directory, embedded: try ICD10CMReleaseLoader.embedded())
            text += "ICD-10-CM releases:\n" + ImportICD10CMCommand.listing(releases)
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
        help.usageError(message)
    }
}
