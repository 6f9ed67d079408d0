import Foundation
import RuleData
import TestSupport
import Testing
@testable import claim_scrubber

/// The command line of the built binary: `--version`, `help`, `--help`, usage errors, and `--config`
/// meaning the service configuration file for every command that takes it.
@Suite struct CommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ arguments: [String], stdin: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
        guard let binary = TestBinaries.claimScrubber() else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "claim-scrubber not built (run swift build --build-tests)"])
        }
        // Bounded: each of these commands answers at once (none of them listens or waits).
        let result = try Subprocess.run(binary.path, arguments, stdin: Array(stdin.utf8), timeout: 60)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), result.errorOutput)
    }

    @Test func versionNamesTheReleaseTheGitRevisionAndTheEmbeddedRuleData() throws {
        let result = try Self.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let loaded = try RuleSetLoader.loadWithManifest(RuleDataFiles.embedded())
        #expect(lines.count == 3)
        #expect(lines.first == "claim-scrubber \(MainCommand.version)")
        #expect(lines.last == "rule data \(loaded.ruleSet.id) version \(loaded.manifest.version) sha256:\(loaded.ruleSet.digest)")
        let revision = lines.count > 1 ? String(lines[1].dropFirst("revision ".count)) : ""
        #expect(lines.count > 1 && lines[1].hasPrefix("revision "))
        let git = "/usr/bin/git"
        if FileManager.default.isExecutableFile(atPath: git),
           let head = try? Subprocess.run(git, ["-C", Self.packageRoot.path, "rev-parse", "HEAD"], timeout: 30), head.status == 0 {
            // Built from this checkout: the commit it was built at, which is HEAD, or an ancestor of it
            // when commits were made after the build (swift test --skip-build).
            #expect(revision.count == 40 && revision.allSatisfy(\.isHexDigit), "\(revision)")
            let ancestor = try Subprocess.run(git, ["-C", Self.packageRoot.path, "merge-base", "--is-ancestor", revision, "HEAD"], timeout: 30)
            #expect(ancestor.status == 0, "revision \(revision) is not HEAD or an ancestor of it")
        } else {
            #expect(revision == "unknown" || (revision.count == 40 && revision.allSatisfy(\.isHexDigit)))
        }
        #expect(try Self.run(["--version", "extra"]).status == 2)
    }

    @Test func helpAndDashDashHelpPrintTheSameTextWithEveryOptionDefaultAndExitStatus() throws {
        for command in MainCommand.commands {
            let help = try Self.run(["help", command.help.name])
            let dashed = try Self.run([command.help.name, "--help"])
            #expect(help.status == 0 && dashed.status == 0, "\(command.help.name)")
            #expect(help.stdout == dashed.stdout)
            #expect(help.stdout == command.help.render())
            #expect(help.stdout.hasPrefix("usage: claim-scrubber \(command.help.name)"))
            for option in command.help.options {
                #expect(help.stdout.contains("  \(option.name)"), "\(command.help.name) \(option.name)")
                if let value = option.defaultValue {
                    // Wrapped: compare word by word.
                    func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
                    #expect(words(help.stdout).contains(words("Default: \(value)")), "\(command.help.name) \(option.name)")
                }
            }
            #expect(help.stdout.contains("\nexit status:\n"))
            for exit in command.help.exitStatuses {
                #expect(help.stdout.contains("\n  \(exit.status)  "), "\(command.help.name) exit \(exit.status)")
            }
        }
        let overview = try Self.run(["--help"])
        #expect(overview.status == 0)
        #expect(try Self.run(["help"]).stdout == overview.stdout)
        for command in MainCommand.commands {
            #expect(overview.stdout.contains("\n  \(command.help.name) "), "\(command.help.name)")
        }
        #expect(overview.stdout.contains("claim-scrubber --version"))
    }

    /// Every option the help lists is one the command's parser knows (no "unknown option" for it).
    @Test func everyDocumentedOptionIsAccepted() throws {
        for command in MainCommand.commands {
            for option in command.help.options {
                guard let flag = option.name.split(separator: " ").first, flag.hasPrefix("--") else { continue }
                let result = try Self.run([command.help.name, String(flag)])
                #expect(!result.stderr.contains("unknown option"), "\(command.help.name) \(flag): \(result.stderr)")
            }
        }
    }

    @Test func anUnknownCommandOrOptionIsNamedWithExitTwo() throws {
        let unknown = try Self.run(["scrub"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("claim-scrubber: unknown command \"scrub\"; the commands are serve, check"), "\(unknown.stderr)")
        let none = try Self.run([])
        #expect(none.status == 2)
        #expect(none.stderr.hasPrefix("claim-scrubber: no command given"))
        let unknownTopLevelOption = try Self.run(["--verbose"])
        #expect(unknownTopLevelOption.status == 2)
        #expect(unknownTopLevelOption.stderr.hasPrefix("claim-scrubber: unknown option --verbose"))
        let helpForNothing = try Self.run(["help", "scrub"])
        #expect(helpForNothing.status == 2)
        #expect(helpForNothing.stderr.contains("unknown command \"scrub\""))
        for command in MainCommand.commands {
            let result = try Self.run([command.help.name, "--no-such-option"])
            #expect(result.status == 2, "\(command.help.name)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("claim-scrubber \(command.help.name): unknown option --no-such-option\nusage: claim-scrubber \(command.help.name)"),
                    "\(command.help.name): \(result.stderr)")
            #expect(result.stderr.hasSuffix("Run 'claim-scrubber help \(command.help.name)' for every option.\n"))
        }
    }

    /// `--config FILE` is the service configuration file for serve, check, healthcheck,
    /// import-ncci --verify and import-icd10cm --verify: a file that does not exist is reported by name
    /// by each of them.
    @Test func configMeansTheServiceConfigurationFileForEveryCommand() throws {
        let takingConfig = MainCommand.commands.filter { command in command.help.options.contains { $0.name.hasPrefix("--config ") } }
        #expect(Set(takingConfig.map(\.help.name)) == ["serve", "check", "healthcheck", "import-ncci", "import-icd10cm"])
        for command in takingConfig {
            #expect(command.help.options.first { $0.name == "--config FILE" }?.meaning.hasPrefix(CommandHelp.configOption) == true,
                    "\(command.help.name)")
        }
        let missing = "/nonexistent/claim-scrubber-\(UUID().uuidString).json"
        let runs: [(arguments: [String], status: Int32)] = [
            (["serve", "--config", missing, "--port", "0"], 2),
            (["check", "-", "--config", missing], 2),
            (["healthcheck", "--config", missing], 1),
            (["import-ncci", "--verify", "--config", missing], 2),
            (["import-icd10cm", "--verify", "--config", missing], 2),
        ]
        for run in runs {
            let result = try Self.run(run.arguments, stdin: "{}")
            #expect(result.status == run.status, "\(run.arguments): \(result.stderr)")
            #expect(result.stderr.contains(missing), "\(run.arguments): \(result.stderr)")
        }

        // The rulesets directory the file names is the one import-ncci --verify checks.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("rulesets"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("claim-scrubber.json")
        try Data(#"{"rulesets": {"directory": "\#(directory.path)/rulesets"}}"#.utf8).write(to: file)
        let verified = try Self.run(["import-ncci", "--verify", "--config", file.path])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("rulesets in \(directory.path)/rulesets "), "\(verified.stdout)")
        #expect(verified.stdout.contains("cms-ncci-practitioner-2024-07-01-therapy"))
    }

    @Test func helpTextIsWrappedToTheWidth() {
        for command in MainCommand.commands {
            for line in command.help.render().split(separator: "\n") where !line.hasPrefix("usage:") && !line.hasPrefix("       ") {
                #expect(line.count <= CommandHelp.width || !line.contains(" "), "\(command.help.name): \(line)")
            }
        }
        #expect(CommandHelp.wrap("a b c", indent: "  ") == "  a b c\n")
    }
}
