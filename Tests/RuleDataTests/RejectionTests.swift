import ClaimRules
import Testing
@testable import RuleData

/// Each kind of bad row or field is rejected with its file, line and field.
@Suite struct RejectionTests {
    /// The problems of the shipped rule data after `edit` is applied to file `name`.
    private func problems(editing name: String, _ edit: (String) -> String) throws -> [RuleDataProblem] {
        var files = try ShippedConfig.rules()
        let text = try #require(files.files[name])
        files.files[name] = edit(text)
        do {
            _ = try RuleSetLoader.load(files)
            return []
        } catch {
            return error.problems
        }
    }

    private func shippedText(_ name: String) throws -> String {
        try #require(try ShippedConfig.rules().files[name])
    }

    /// The TSV line containing `needle` with the fields at the keys of `changes` set to their values.
    private func problems(tsv name: String, row needle: String, fields changes: [Int: String]) throws -> (line: Int, problems: [RuleDataProblem]) {
        let text = try shippedText(name)
        let line = try #require(ShippedConfig.line(of: needle, in: text))
        let original = text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        var fields = original.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        for (index, value) in changes { fields[index] = value }
        let found = try problems(editing: name) { ShippedConfig.replacingLine(containing: needle, with: fields.joined(separator: "\t"), in: $0) }
        return (line, found)
    }

    /// The shipped in-force row 97150/97530 (indicator 1, start unknown) is the row the PTP tests damage.
    private static let ptpRow = "97150\t97530\t"

    @Test func modifierIndicatorOutOfRangeNamesFileLineAndField() throws {
        let (line, found) = try problems(tsv: "ptp-pairs.tsv", row: Self.ptpRow, fields: [4: "7"])
        #expect(found.map(\.description) == ["Config/rules/ptp-pairs.tsv:\(line): field \"modifier indicator\": \"7\" is not 0, 1 or 9"])
    }

    @Test(arguments: [
        ([0: "9753"], "column 1", "is not a 5-character CPT/HCPCS code"),
        ([1: "97150"], "column 2", "pairs the code with itself"),
        ([2: "20201301"], "effective", "is not a real date written YYYYMMDD, or unknown"),
        ([2: "2020-01-01"], "effective", "is not a real date written YYYYMMDD"),
        ([2: ""], "effective", "is not a real date written YYYYMMDD"),
        ([2: "20200101", 3: "20190101"], "deletion", "is before the effective date"),
        ([3: "never"], "deletion", "or * for an edit not deleted"),
        ([2: "20200101", 3: "20200101"], "modifier indicator", "must be 9 when the deletion date equals the effective date"),
        ([2: "20200101", 4: "9"], "modifier indicator", "9 is only for edits deleted on their effective date"),
        ([4: "9"], "modifier indicator", "this row has no deletion date"),
        ([4: ""], "modifier indicator", "is not 0, 1 or 9"),
        ([5: " "], "rationale", "is empty"),
        ([6: ""], "source", "is empty"),
    ])
    func badPTPFieldIsRejected(changes: [Int: String], field: String, message: String) throws {
        let (line, found) = try problems(tsv: "ptp-pairs.tsv", row: Self.ptpRow, fields: changes)
        #expect(found.count == 1)
        #expect(found.first?.file == "Config/rules/ptp-pairs.tsv")
        #expect(found.first?.line == line)
        #expect(found.first?.field == field)
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test func twoRowsOfAPairInForceTogetherWithDifferentIndicatorsAreRejectedNamingBothLines() throws {
        let text = try shippedText("ptp-pairs.tsv")
        let line = try #require(ShippedConfig.line(of: Self.ptpRow, in: text))
        let row = String(text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1])
        let contradicting = row.replacingOccurrences(of: "\t*\t1\t", with: "\t*\t0\t")
        #expect(contradicting != row)
        let found = try problems(editing: "ptp-pairs.tsv") { $0 + contradicting + "\n" }
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(found.count == 1)
        #expect(found.first?.line == lastLine)
        #expect(found.first?.message.contains("also in force on some of these dates with modifier indicator 1 (line \(line))") == true, "\(found)")
        // The same indicator twice is no contradiction, nor is a row that ended (history) or never applied (9).
        for harmless in [row, row.replacingOccurrences(of: "\t*\t1\t", with: "\t20191231\t0\t"),
                         row.replacingOccurrences(of: "\tunknown\t*\t1\t", with: "\t20200101\t20200101\t9\t")] {
            #expect(try problems(editing: "ptp-pairs.tsv") { $0 + harmless + "\n" } == [], "\(harmless)")
        }
    }

    @Test func onePairMayHaveSeveralPeriodsThatDoNotOverlap() throws {
        var files = try ShippedConfig.rules()
        files.files["ptp-pairs.tsv", default: ""] += "97110\t97535\t20150101\t20200101\t0\tearlier period\ttest row\n"
            + "97110\t97535\t20200101\t*\t1\tlater period\ttest row\n"
        let rules = try RuleSetLoader.load(files)
        #expect(rules.ptp.edit(column1: "97110", column2: "97535", on: try #require(CalendarDate("2014-12-31"))) == nil)
        #expect(rules.ptp.edit(column1: "97110", column2: "97535", on: try #require(CalendarDate("2019-12-31")))?.modifierIndicator == .notAllowed)
        #expect(rules.ptp.edit(column1: "97110", column2: "97535", on: try #require(CalendarDate("2020-01-01")))?.modifierIndicator == .allowed)
        var overlapping = try ShippedConfig.rules()
        overlapping.files["ptp-pairs.tsv", default: ""] += "97110\t97535\t20150101\t20200102\t0\tearlier period\ttest row\n"
            + "97110\t97535\t20200101\t*\t1\tlater period\ttest row\n"
        #expect(throws: RuleDataError.self) { try RuleSetLoader.load(overlapping) }
    }

    @Test func rowWithTheWrongNumberOfFieldsIsRejected() throws {
        let text = try shippedText("ptp-pairs.tsv")
        let line = try #require(ShippedConfig.line(of: Self.ptpRow, in: text))
        let found = try problems(editing: "ptp-pairs.tsv") { ShippedConfig.replacingLine(containing: Self.ptpRow, with: "97150\t97530\tunknown\t*", in: $0) }
        #expect(found.map(\.description) == ["Config/rules/ptp-pairs.tsv:\(line): has 4 tab-separated fields; the header has 7"])
    }

    @Test func crlfLineEndsLoadAndKeepLineNumbers() throws {
        var files = try ShippedConfig.rules()
        for name in ["codes.tsv", "ptp-pairs.tsv", "mues.tsv"] {
            files.files[name] = files.files[name]?.replacingOccurrences(of: "\n", with: "\r\n")
        }
        #expect(try RuleSetLoader.load(files).ptp.count == (try RuleSetLoader.load(ShippedConfig.rules())).ptp.count)
        let text = try shippedText("ptp-pairs.tsv")
        let line = try #require(ShippedConfig.line(of: Self.ptpRow, in: text))
        files.files["ptp-pairs.tsv"] = files.files["ptp-pairs.tsv"]?.replacingOccurrences(of: "97150\t97530\tunknown\t*\t1\t", with: "97150\t97530\tunknown\t*\t7\t")
        do {
            _ = try RuleSetLoader.load(files)
            Issue.record("bad indicator loaded")
        } catch {
            #expect(error.problems.map(\.line) == [line])
        }
    }

    @Test func byteOrderMarkIsRejected() throws {
        let found = try problems(editing: "codes.tsv") { "\u{FEFF}" + $0 }
        #expect(found.map(\.description) == ["Config/rules/codes.tsv:1: starts with a byte order mark; save it as UTF-8 without one"])
    }

    @Test func wrongHeaderIsRejected() throws {
        let text = try shippedText("mues.tsv")
        let line = try #require(ShippedConfig.line(of: "code\tvalue", in: text))
        let found = try problems(editing: "mues.tsv") { ShippedConfig.replacingLine(containing: "code\tvalue", with: "code,value,mai", in: $0) }
        #expect(found.count == 1)
        #expect(found.first?.line == line)
        #expect(found.first?.message.contains("expected the tab-separated columns") == true)
    }

    @Test(arguments: [
        (0, "975", "code", "is not a 5-character CPT/HCPCS code"),
        (1, "", "name", "is empty"),
        (1, String(repeating: "x", count: 80), "name", "never the AMA descriptor"),
        (2, "sometimes", "timing", "is not timed or untimed"),
        (3, "magic", "family", "is not one of evaluation, re-evaluation"),
        (4, "PT,XX", "disciplines", "\"XX\" is not PT, OT or SLP"),
        (4, "PT,PT", "disciplines", "PT is listed twice"),
        (5, "maybe", "activity documentation", "is not yes or no"),
        (6, "", "source", "is empty"),
    ])
    func badCodeFieldIsRejected(index: Int, value: String, field: String, message: String) throws {
        let (line, found) = try problems(tsv: "codes.tsv", row: "97530\t", fields: [index: value])
        let own = found.filter { $0.file == "Config/rules/codes.tsv" }
        #expect(own.count == 1, "\(found)")
        #expect(own.first?.line == line)
        #expect(own.first?.field == field)
        #expect(own.first?.message.contains(message) == true, "\(found)")
    }

    @Test func badCodeRowIsNotBlamedOnOtherFiles() throws {
        // 97530 appears in PTP pairs and payer policies; a bad timing on its row is one problem, not many.
        let (line, found) = try problems(tsv: "codes.tsv", row: "97530\t", fields: [2: "sometimes"])
        #expect(found.map(\.description) == ["Config/rules/codes.tsv:\(line): field \"timing\": \"sometimes\" is not timed or untimed"])
    }

    @Test func duplicateCodeIsRejected() throws {
        let text = try shippedText("codes.tsv")
        let first = try #require(ShippedConfig.line(of: "97530\t", in: text))
        let row = String(text.split(separator: "\n", omittingEmptySubsequences: false)[first - 1])
        let duplicateLine = try #require(ShippedConfig.line(of: "97110\t", in: text))
        let found = try problems(editing: "codes.tsv") { ShippedConfig.replacingLine(containing: "97110\t", with: row, in: $0) }
        let own = found.filter { $0.file == "Config/rules/codes.tsv" }
        // 97110 comes before 97530, so the copy is the first listing and the original the duplicate.
        #expect(own.map(\.description) == ["Config/rules/codes.tsv:\(first): field \"code\": 97530 is already listed on line \(duplicateLine)"])
    }

    @Test func badMUERowReportsEveryBadField() throws {
        let text = try shippedText("mues.tsv")
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let found = try problems(editing: "mues.tsv") { $0 + "97898\tx\t4\t\t\n" }
        #expect(found.map(\.line) == [line, line, line, line])
        #expect(found.map(\.field) == ["value", "mai", "rationale", "source"])
    }

    @Test func validMUERowLoads() throws {
        var files = try ShippedConfig.rules()
        files.files["mues.tsv", default: ""] += "97898\t4\t3\tClinical data\ttest row\n"
        let rules = try RuleSetLoader.load(files)
        #expect(rules.mues["97898"] == MUEEntry(code: "97898", value: 4, adjudication: .dateOfServiceClinical, rationale: "Clinical data", source: "test row"))
        var duplicate = try ShippedConfig.rules()
        duplicate.files["mues.tsv", default: ""] += "97530\t4\t3\tClinical data\ttest row\n"
        #expect(throws: RuleDataError.self) { try RuleSetLoader.load(duplicate) }
    }

    /// A payer profile edited by replacing `old` with `new`, with the line of `old`.
    private func payerProblems(_ name: String = "payers/medicare.json", replacing old: String, with new: String) throws -> (line: Int, problems: [RuleDataProblem]) {
        let text = try shippedText(name)
        let line = try #require(ShippedConfig.line(of: old, in: text))
        let found = try problems(editing: name) { $0.replacingOccurrences(of: old, with: new) }
        return (line, found)
    }

    @Test(arguments: [
        ("\"unitMethod\": \"cms-total-time\"", "\"unitMethod\": \"cms\"", "/unitMethod", "\"cms\" is not one of cms-total-time, ama-per-code"),
        ("\"allowedRoles\": [\"PT\"", "\"allowedRoles\": [\"XYZ\"", "/allowedRoles/0", "\"XYZ\" is not one of PT, OT, SLP"),
        ("\"kxNearMargin\": 500", "\"kxNearMargn\": 500", "/kxNearMargn", "is not a known field"),
        ("\"kxNearMargin\": 500", "\"kxNearMargin\": \"500\"", "/kxNearMargin", "has the wrong type: expected a number"),
        ("{\"year\": 2018, \"ptSlp\": 2010, \"ot\": 2010}", "{\"year\": 2018, \"ptSlp\": 2010, \"ot\": 2010, \"pt\": 1}", "/kxThresholds/0/pt", "is not a known field"),
        ("\"through\": \"2020-01-23\"", "\"thru\": \"2020-01-23\"", "/evaluationSameDayPolicy/thru", "is not a known field"),
        ("\"kxNearMargin\": 500", "\"kxNearMargin\": -1", "/kxNearMargin", "must be a dollar amount of 0 or more"),
        ("{\"year\": 2019", "{\"year\": 2018", "/kxThresholds/1/year", "2018 is already given at /kxThresholds/0"),
        ("\"ptSlp\": 2150", "\"ptSlp\": 0", "/kxThresholds/4/ptSlp", "must be a positive dollar amount"),
        ("\"id\": \"medicare\"", "\"id\": \"medicare-b\"", "/id", "must equal the file name \"medicare\""),
        ("\"maxModifiersPerLine\": 4", "\"maxModifiersPerLine\": 7", "/maxModifiersPerLine", "is not 1 to 4"),
        ("\"planOfCareMaxDays\": 90", "\"planOfCareMaxDays\": 0", "/planOfCareMaxDays", "must be at least 1"),
        ("\"deMinimisPercent\": 10", "\"deMinimisPercent\": 110", "/assistantModifiers/deMinimisPercent", "is not a percentage"),
        ("\"from\": \"2020-01-01\"", "\"from\": \"2020-02-01\"", "/evaluationSameDayPolicy/through", "is before from 2020-02-01"),
        ("\"from\": \"2020-01-01\"", "\"from\": \"2020-01-32\"", "/evaluationSameDayPolicy/from", "expected a real date as YYYY-MM-DD"),
    ])
    func badPayerFieldIsRejectedOnItsLine(old: String, new: String, pointer: String, message: String) throws {
        let text = try shippedText("payers/medicare.json")
        let (line, found) = try payerProblems(replacing: old, with: new)
        // A problem about the `through` member is on that member's own line.
        let expectedLine = pointer == "/evaluationSameDayPolicy/through" ? try #require(ShippedConfig.line(of: "\"through\"", in: text)) : line
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.file == "Config/rules/payers/medicare.json")
        #expect(found.first?.field == pointer)
        #expect(found.first?.line == expectedLine)
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test func missingRequiredPayerFieldIsNamed() throws {
        let found = try problems(editing: "payers/medicare.json") { ShippedConfig.replacingLine(containing: "\"name\": \"Medicare Part B\"", with: "", in: $0) }
        #expect(found.map(\.description) == ["Config/rules/payers/medicare.json:1: field \"/name\": is required but missing"])
    }

    @Test func payerJSONSyntaxErrorNamesTheLine() throws {
        let text = try shippedText("payers/medicare.json")
        let line = try #require(ShippedConfig.line(of: "\"documentationChecks\"", in: text))
        let found = try problems(editing: "payers/medicare.json") { $0.replacingOccurrences(of: "\"documentationChecks\": true", with: "\"documentationChecks\": true,") }
        #expect(found.count == 1)
        #expect(found.first?.line == line, "the trailing comma's line")
        #expect(found.first?.message.hasPrefix("invalid JSON") == true)
    }

    @Test func supervisedRoleMustBeAllowed() throws {
        let (line, found) = try payerProblems("payers/commercial-ama.json", replacing: "\"rolesNeedingSupervision\": [\"PTA\"", with: "\"rolesNeedingSupervision\": [\"PT-student\"")
        #expect(found.map(\.description) == ["Config/rules/payers/commercial-ama.json:\(line): field \"/rolesNeedingSupervision/0\": PT-student is not in allowedRoles"])
    }

    @Test func badManifestDateIsRejected() throws {
        let text = try shippedText("ruleset.json")
        let line = try #require(ShippedConfig.line(of: "\"effective\"", in: text))
        let found = try problems(editing: "ruleset.json") { $0.replacingOccurrences(of: "\"2024-07-01\"", with: "\"2024-02-30\"") }
        #expect(found.map(\.description) == ["Config/rules/ruleset.json:\(line): field \"/effective\": \"2024-02-30\" is not a real date written YYYY-MM-DD"])
    }

    @Test func unknownManifestFieldIsRejected() throws {
        let found = try problems(editing: "ruleset.json") { $0.replacingOccurrences(of: "\"version\"", with: "\"versoin\"") }
        #expect(found.map(\.field).contains("/versoin"))
        #expect(found.map(\.field).contains("/version"), "the real field is then missing too")
    }

    @Test func missingFileIsNamed() throws {
        var files = try ShippedConfig.rules()
        files.files["mues.tsv"] = nil
        #expect(throws: RuleDataError(problems: [RuleDataProblem(file: "Config/rules/mues.tsv", line: nil, field: nil, message: "is missing")])) {
            try RuleSetLoader.load(files)
        }
    }

    @Test func missingDirectoryIsNamed() {
        #expect(throws: RuleDataError.self) { try RuleSetLoader.load(directory: "/nonexistent/rules") }
    }

    @Test func everyProblemIsCollectedNotJustTheFirst() throws {
        var files = try ShippedConfig.rules()
        files.files["ptp-pairs.tsv"] = files.files["ptp-pairs.tsv"].map { ShippedConfig.replacingLine(containing: Self.ptpRow, with: "97150\t97530\t2020\t*\t7\tr\ts", in: $0) }
        files.files["payers/medicare.json"] = files.files["payers/medicare.json"]?.replacingOccurrences(of: "\"cms-total-time\"", with: "\"cms\"")
        files.files["codes.tsv"] = files.files["codes.tsv"].map { $0 + "97999\tX\tuntimed\tgroup\tPT\tno\t\n" }
        do {
            _ = try RuleSetLoader.load(files)
            Issue.record("bad data loaded")
        } catch {
            let fields = error.problems.map { "\($0.file) \($0.field ?? "")" }
            #expect(fields.contains("Config/rules/ptp-pairs.tsv effective"))
            #expect(fields.contains("Config/rules/ptp-pairs.tsv modifier indicator"))
            #expect(fields.contains("Config/rules/payers/medicare.json /unitMethod"))
            #expect(fields.contains("Config/rules/codes.tsv source"))
        }
    }
}
