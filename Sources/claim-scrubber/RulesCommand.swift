import RuleData

/// `claim-scrubber rules [DIR]`: validates rule data (the copy embedded in the binary, or the rules
/// directory DIR such as `Config/rules`) and prints what it holds, or every problem with its file,
/// line and field (exit status 2).
enum RulesCommand {
    static func run(_ args: [String]) -> Int32 {
        if args.first == "-h" || args.first == "--help" {
            print("usage: claim-scrubber rules [DIR]\n  validate rule data (default: the built-in copy) and print its id, version, digest and contents,\n  and the embedded ICD-10-CM release (id, window, digest, counts)")
            return 0
        }
        guard args.count <= 1, !(args.first ?? "").hasPrefix("-") else {
            StandardStreams.writeError("usage: claim-scrubber rules [DIR]\n")
            return 2
        }
        do {
            let files = try args.first.map { dir throws(RuleDataError) in try RuleDataFiles.read(directory: dir) } ?? RuleDataFiles.embedded()
            let loaded = try RuleSetLoader.loadWithManifest(files)
            let rules = loaded.ruleSet
            var text = "ruleset \(rules.id) version \(loaded.manifest.version) effective \(rules.effective)"
            if let through = rules.through { text += " through \(through)" }
            text += "\ndigest sha256:\(rules.digest)\n"
            text += "codes \(rules.codes.count), PTP edits \(rules.ptp.count), MUEs \(rules.mues.count)\n"
            text += "payers \(rules.payers.keys.sorted().joined(separator: ", "))\n"
            let icd = try ICD10CMReleaseLoader.embedded()
            text += "icd10cm \(icd.id) effective \(icd.effective)"
            if let through = icd.through { text += " through \(through)" }
            text += "\n  \(icd.source)\n  digest sha256:\(icd.digest)\n"
            text += "  codes \(icd.count), billable \(icd.billableCount), manifestation \(icd.manifestationCount)\n"
            print(text, terminator: "")
            return 0
        } catch {
            let count = error.problems.count
            StandardStreams.writeError(error.description + "\n\(count) problem\(count == 1 ? "" : "s") in the rule data\n")
            return 2
        }
    }
}
