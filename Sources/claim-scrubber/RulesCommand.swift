import RuleData

/// `claim-scrubber rules [DIR]`: validates rule data (the copy embedded in the binary, or the rules
/// directory DIR such as `Config/rules`) and prints what it holds, or every problem with its file,
/// line and field (exit status 2).
enum RulesCommand {
    static let help = CommandHelp(
        name: "rules",
        summary: "check rule data and print its id, version and digest",
        synopsis: ["[DIR]"],
        description: """
            Loads rule data (code table, PTP pairs, MUEs, payer profiles: the copy embedded \
            in the binary, or the rules directory DIR), checks every file, and prints the ruleset's id, \
            version, effective date, digest and counts, then the ICD-10-CM release embedded in the \
            binary (id, window, source, digest, counts). Every problem is reported with its file, line \
            and field. Imported NCCI quarters and ICD-10-CM releases are checked with import-ncci \
            --verify and import-icd10cm --verify.
            """,
        options: [
            .init(name: "DIR", meaning: "A rules directory in the layout of Config/rules.", defaultValue: "the embedded rule data"),
        ],
        exitStatuses: [
            (0, "the rule data is valid"),
            (2, "bad usage, or the rule data has problems (each one printed on standard error)"),
        ])

    static func run(_ args: [String]) -> Int32 {
        if let option = args.first(where: { $0.hasPrefix("-") }) {
            return help.usageError("unknown option \(option)")
        }
        guard args.count <= 1 else {
            return help.usageError("unexpected argument \(args[1]): rules checks one directory")
        }
        do {
            let files = try args.first.map { dir throws(RuleDataError) in try RuleDataFiles.read(directory: dir) } ?? RuleDataFiles.embedded()
            let loaded = try RuleSetLoader.loadWithManifest(files)
            let rules = loaded.ruleSet
            var text = "ruleset \(rules.id) version \(loaded.manifest.version) effective \(rules.effective)"
            if let through = rules.through { text += " through \(through)" }
            text += "\ndigest sha256:\(rules.digest)\n"
            let history = loaded.ptpRowCount - rules.ptp.count
            text += "codes \(rules.codes.count), PTP edits \(rules.ptp.count)"
            if history > 0 { text += " (+\(history) history rows never applied)" }
            text += ", MUEs \(rules.mues.count)\n"
            if let snapshot = rules.snapshot { text += "snapshot: \(snapshot)\n" }
            text += "payers \(rules.payers.keys.sorted().joined(separator: ", "))\n"
            text += "places of service \(rules.placesOfService.count), therapy taxonomies \(rules.taxonomies.count)\n"
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
