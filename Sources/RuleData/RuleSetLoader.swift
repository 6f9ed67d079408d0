import ClaimRules

/// Loads rule data (`ruleset.json`, `codes.tsv`, `ptp-pairs.tsv`, `mues.tsv`, `payers/<id>.json`, and the optional
/// `place-of-service.tsv` and `taxonomies.tsv`) into a
/// `RuleSet`, validating every file and collecting every problem with its file, line and field.
///
/// Other files in the directory are ignored and not part of the digest.
public enum RuleSetLoader {
    /// The built-in rule data compiled into the binary (`Config/rules/` at build time).
    public static func loadDefault() throws(RuleDataError) -> RuleSet {
        try load(RuleDataFiles.embedded())
    }

    /// The rule data in `directory` (e.g. `Config/rules`).
    public static func load(directory: String) throws(RuleDataError) -> RuleSet {
        try load(RuleDataFiles.read(directory: directory))
    }

    /// The rule data in `files`.
    public static func load(_ files: RuleDataFiles) throws(RuleDataError) -> RuleSet {
        try loadWithManifest(files).ruleSet
    }

    /// The rule data in `files`, with its manifest (which also carries the data version).
    public static func loadWithManifest(_ files: RuleDataFiles) throws(RuleDataError) -> LoadedRuleSet {
        var problems: [RuleDataProblem] = []
        var used: [String: String] = [:]
        func text(_ name: String) -> String? {
            guard let text = files.files[name] else {
                problems.append(RuleDataProblem(file: files.displayName(name), line: nil, field: nil, message: "is missing"))
                return nil
            }
            used[name] = text
            return text
        }

        let manifest = text(RuleSetManifest.fileName).flatMap {
            RuleSetManifest.parse($0, file: files.displayName(RuleSetManifest.fileName), problems: &problems)
        }
        var knownCodes: Set<String> = []
        let codes = text(CodeTableFile.fileName).map {
            CodeTableFile.parse($0, file: files.displayName(CodeTableFile.fileName), problems: &problems, listed: &knownCodes)
        } ?? []
        let edits = text(PTPPairsFile.fileName).map {
            PTPPairsFile.parse($0, file: files.displayName(PTPPairsFile.fileName), problems: &problems)
        } ?? []
        let mues = text(MUEFile.fileName).map {
            MUEFile.parse($0, file: files.displayName(MUEFile.fileName), problems: &problems)
        } ?? []

        // Optional files (older rule data directories lack them): without them the checks they feed are off.
        let placesOfService = files.files[PlaceOfServiceFile.fileName].map { text -> [PlaceOfService] in
            used[PlaceOfServiceFile.fileName] = text
            return PlaceOfServiceFile.parse(text, file: files.displayName(PlaceOfServiceFile.fileName), problems: &problems)
        } ?? []
        let taxonomies = files.files[TaxonomyFile.fileName].map { text -> [ProviderTaxonomy] in
            used[TaxonomyFile.fileName] = text
            return TaxonomyFile.parse(text, file: files.displayName(TaxonomyFile.fileName), problems: &problems)
        } ?? []

        var payers: [String: PayerProfile] = [:]
        let payerNames = files.payerFileNames
        if payerNames.isEmpty {
            problems.append(RuleDataProblem(file: files.displayName("payers/"), line: nil, field: nil,
                                            message: "holds no payer profile (payers/<id>.json)"))
        }
        for name in payerNames {
            guard let body = text(name) else { continue }
            let id = String(name.dropFirst("payers/".count).dropLast(".json".count))
            if let profile = PayerProfileFile.parse(body, file: files.displayName(name), expectedID: id,
                                                    knownCodes: knownCodes.isEmpty ? nil : knownCodes, problems: &problems) {
                payers[profile.id] = profile
            }
        }

        guard problems.isEmpty, let manifest else { throw RuleDataError(problems: problems) }
        let digest = RuleDataFiles(files: used, displayPrefix: files.displayPrefix).digest()
        var ruleSet = RuleSet(id: manifest.id, effective: manifest.effective, through: manifest.through,
                              quarter: manifest.quarter, digest: digest, codes: CodeTable(codes),
                              ptp: PTPTable(edits), mues: MUETable(mues), payers: payers,
                              placesOfService: PlaceOfServiceTable(placesOfService), taxonomies: ProviderTaxonomyTable(taxonomies))
        ruleSet.snapshot = manifest.snapshot
        return LoadedRuleSet(ruleSet: ruleSet, manifest: manifest, ptpRowCount: edits.count)
    }
}
