import ClaimRules
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuleData
import ScrubberService

/// `claim-scrubber import-icd10cm FILE --fiscal-year YYYY [--effective DATE] --out DIR`: imports the CMS
/// ICD-10-CM order file of a fiscal year into a release directory the service loads next to the NCCI
/// quarters (see docs/icd10cm.md); `--verify [DIR]` lists the releases serve would load.
enum ImportICD10CMCommand {
    static let help = CommandHelp(
        name: "import-icd10cm",
        summary: "import a fiscal year's ICD-10-CM order file for serve",
        synopsis: [
            "FILE --fiscal-year YYYY [--effective YYYY-MM-DD] --out DIR",
            "--verify [DIR] [--config FILE]",
        ],
        description: """
            Imports the ICD-10-CM order file of a fiscal year (icd10cm-order-2027.txt as CMS and CDC \
            publish it, or the code descriptions zip holding it) into DIR/icd10cm-codes.txt, a file with \
            its own SHA-256 digest that serve loads from its rulesets directory next to the NCCI \
            quarters. Every line is checked (order number, code, header/billable flag, descriptions, \
            columns); problems name the file, line and field, and nothing is written. Manifestation \
            flags are carried from the embedded release (docs/icd10cm.md). The output directory is \
            written through a temporary directory and renamed into place. With --verify, loads the \
            ICD-10-CM releases of a rulesets directory exactly as serve does and lists them.
            """,
        options: [
            .init(name: "FILE", meaning: "The order file (fixed width, LF or CR LF), or a zip archive holding one member whose name contains \"order\".", defaultValue: nil),
            .init(name: "--fiscal-year YYYY", meaning: "The fiscal year the file is for: 2027 means dates of service 2026-10-01 through 2027-09-30; the release id is icd10cm-2027.", defaultValue: nil),
            .init(name: "--effective YYYY-MM-DD", meaning: "The first date of service of a mid-year update (e.g. 2027-04-01), inside the fiscal year: the release applies from then to September 30, wins over the full year's release, and its id is icd10cm-2027-04-01.", defaultValue: "October 1, the start of the fiscal year"),
            .init(name: "--out DIR", meaning: "The output directory, a new subdirectory of the rulesets directory named after the release (rulesets/icd10cm-2027); replaced as a whole if it exists.", defaultValue: nil),
            .init(name: "--verify [DIR]", meaning: "Load the ICD-10-CM releases of the rulesets directory DIR as serve does (every file's digest, order and flags checked) and list each one.", defaultValue: "DIR is the rulesets.directory of the configuration"),
            .init(name: "--config FILE", meaning: CommandHelp.configOption + " import-icd10cm --verify uses its rulesets.directory when DIR is not given.",
                  defaultValue: CommandHelp.configDefault),
        ],
        exitStatuses: [
            (0, "imported, or the releases verify"),
            (2, "bad usage, an order file with problems (nothing is written), or a release serve would refuse"),
        ])

    static func run(_ args: [String]) -> Int32 {
        if args.first == "--verify" {
            return verify(Array(args.dropFirst()))
        }
        if args.contains("--verify") { return usageError("--verify comes first: import-icd10cm --verify [DIR] [--config FILE]") }
        var file: String?, yearText: String?, effectiveText: String?, out: String?
        var i = 0
        while i < args.count {
            let arg = args[i]
            switch arg {
            case "--fiscal-year", "--effective", "--out":
                guard i + 1 < args.count else { return usageError("\(arg) needs a value") }
                let value = args[i + 1]
                if arg == "--fiscal-year" { yearText = value } else if arg == "--effective" { effectiveText = value } else { out = value }
                i += 1
            case "--config":
                return usageError("--config goes with --verify: import-icd10cm --verify [DIR] [--config FILE]")
            default:
                if arg.hasPrefix("-") && arg != "-" { return usageError("unknown option \(arg)") }
                guard file == nil else { return usageError("one order file at a time (also got \(arg))") }
                file = arg
            }
            i += 1
        }
        guard let file else { return usageError("name the order file to import") }
        guard let yearText else { return usageError("--fiscal-year is required (e.g. 2027 for 2026-10-01 through 2027-09-30)") }
        guard let year = Int(yearText), (2016...2999).contains(year) else {
            return usageError("--fiscal-year \"\(yearText)\" is not a fiscal year such as 2027")
        }
        var effective: CalendarDate?
        if let effectiveText {
            guard let date = CalendarDate(effectiveText) else { return usageError("--effective \"\(effectiveText)\" is not a date YYYY-MM-DD") }
            effective = date
        }
        guard let window = ICD10CMImportWindow(fiscalYear: year, effective: effective) else {
            return usageError("--effective \(effectiveText ?? "") is outside fiscal year \(year) (\(year - 1)-10-01 through \(year)-09-30)")
        }
        guard let out, !out.isEmpty else { return usageError("--out is required") }

        let started = Date()
        do throws(RuleDataError) {
            let base = try ICD10CMReleaseLoader.embedded()
            let (bytes, _, report) = try ICD10CMImporter.importFile(path: file, window: window, base: base)
            let size: Int
            do throws(NCCIImportError) {
                size = try RulesetDirectoryWriter.write(file: bytes, named: ICD10CMCodeSetFile.fileName, to: out)
            } catch {
                throw RuleDataError(problems: [RuleDataProblem(file: out, line: nil, field: nil, message: error.description)])
            }
            print(summary(report, out: out, size: size, seconds: Date().timeIntervalSince(started)), terminator: "")
            return 0
        } catch {
            StandardStreams.writeError("import-icd10cm: \(file) was not imported:\n\(error.description)\n")
            return 2
        }
    }

    static func summary(_ r: ICD10CMImportReport, out: String, size: Int, seconds: Double) -> String {
        var text = "imported \(r.id): ICD-10-CM FY\(r.window.fiscalYear), effective \(r.window.effective) through \(r.window.through)\n"
        text += "  order file: \(r.source)\n"
        text += "  codes: \(r.codes) (\(r.billable) billable, \(r.codes - r.billable) headers)\n"
        if let base = r.base {
            text += "  manifestation flags: \(r.manifestation) codes, carried from \(base) (embedded): \(r.inBase) codes in both, "
            text += "\(r.new) new (\(r.newUnderManifestation) of them under a flagged code and flagged), \(r.removed) of \(base) not in the file\n"
            let unjudged = r.new - r.newUnderManifestation
            if unjudged > 0 {
                text += "  note: \(unjudged) new codes are not flagged as manifestation codes; a new manifestation category is only "
                text += "recognized once the embedded release is regenerated from that year's tabular list (see docs/icd10cm.md)\n"
            }
        }
        if r.looksPartial {
            text += "  warning: only \(r.billable) billable codes; a full ICD-10-CM release has about 74,000. Claims with any "
            text += "other code will be flagged as invalid while this release is in force.\n"
        }
        text += "  digest (sha256): \(r.digest)\n"
        text += "  wrote \(out)/\(ICD10CMCodeSetFile.fileName) (\(size) bytes) in \(TextFormat.fixed(seconds, fractionDigits: 1)) s\n"
        return text
    }

    /// `--verify [DIR] [--config FILE]`: DIR, else the configuration's rulesets directory.
    private static func verify(_ args: [String]) -> Int32 {
        guard let directory = help.verifyDirectory(args) else { return 2 }
        return verify(directory: directory)
    }

    private static func verify(directory: String) -> Int32 {
        let started = Date()
        do throws(RuleDataError) {
            let releases = try ICD10CMReleaseLoader.load(directory: directory, embedded: try ICD10CMReleaseLoader.embedded())
            var text = "ICD-10-CM releases for \(directory) (loaded and checked in \(TextFormat.fixed(Date().timeIntervalSince(started), fractionDigits: 2)) s):\n"
            text += listing(releases)
            print(text, terminator: "")
            return 0
        } catch {
            StandardStreams.writeError("import-icd10cm --verify: \(error.description)\n")
            return 2
        }
    }

    /// One line per release in service: id, window, counts, digest, file.
    static func listing(_ releases: ICD10CMReleases) -> String {
        var text = ""
        for entry in releases.entries {
            let c = entry.codeSet
            let window = c.through.map { "\(c.effective) through \($0)" } ?? "from \(c.effective) (open-ended)"
            text += "  \(c.id)  \(window)  codes \(c.count)  billable \(c.billableCount)  manifestation \(c.manifestationCount)  "
            text += "digest \(c.digest)  \(entry.path ?? "(embedded)")\n"
        }
        return text
    }

    private static func usageError(_ message: String) -> Int32 {
        help.usageError(message)
    }
}
