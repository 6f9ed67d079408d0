// Build-tool plugin: compiles the default configuration (`Config/**` and `openapi.yaml` at the
// package root) into the `EmbeddedConfig` module, so the binary runs with no files on disk; the HTML
// API reference rendered from openapi.yaml (GET /docs); and the git revision the binary is built from
// (for `claim-scrubber --version`).
//
// Each listed file is an input of the generation command, so editing one regenerates the source.
// The list itself is made when SwiftPM plans the build, which it caches until the package changes:
// after adding or removing a file under Config/, `touch Package.swift` (the RuleDataTests check
// that the embedded names equal the files on disk and say so when they do not).
import Foundation
import PackagePlugin

@main
struct EmbedConfigPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let files = EmbeddedInputs.list(packageRoot: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles+Generated.swift")
        var arguments = [output.path]
        for file in files { arguments.append("\(file.name)=\(file.url.path)") }
        let revisionOutput = context.pluginWorkDirectoryURL.appending(path: "BuildRevision+Generated.swift")
        let revision = RevisionInputs.find(packageRoot: root)
        let pageOutput = context.pluginWorkDirectoryURL.appending(path: "APIReferenceHTML+Generated.swift")
        let openapi = root.appending(path: "openapi.yaml")
        let hasOpenAPI = FileManager.default.fileExists(atPath: openapi.path)
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) configuration files into \(target.name)",
                executable: try context.tool(named: "EmbedConfigTool").url,
                arguments: arguments,
                inputFiles: files.map(\.url),
                outputFiles: [output]
            ),
            .buildCommand(
                displayName: "Rendering the API reference page from openapi.yaml into \(target.name)",
                executable: try context.tool(named: "EmbedConfigTool").url,
                arguments: ["--api-reference", pageOutput.path] + (hasOpenAPI ? [openapi.path] : []),
                inputFiles: hasOpenAPI ? [openapi] : [],
                outputFiles: [pageOutput]
            ),
            .buildCommand(
                displayName: "Recording the git revision in \(target.name)",
                executable: try context.tool(named: "EmbedConfigTool").url,
                arguments: ["--revision", revisionOutput.path] + revision.arguments,
                inputFiles: revision.inputs,
                outputFiles: [revisionOutput]
            ),
        ]
    }
}

/// Where the git revision comes from: the package's git directory (`.git`, or the directory a
/// worktree's `.git` file points to), else a `.git-revision` file at the package root (the container
/// build writes one, since `.git` stays out of its context). The inputs are the files that change
/// whenever HEAD moves (HEAD itself and its reflog), so a commit or checkout regenerates the source.
enum RevisionInputs {
    static func find(packageRoot: URL) -> (arguments: [String], inputs: [URL]) {
        let manager = FileManager.default
        let dotGit = packageRoot.appending(path: ".git")
        var isDirectory: ObjCBool = false
        var gitDirectory: URL?
        if manager.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                gitDirectory = dotGit
            } else if let text = try? String(contentsOf: dotGit, encoding: .utf8),
                      let line = text.split(separator: "\n").first, line.hasPrefix("gitdir: ") {
                let path = String(line.dropFirst("gitdir: ".count))
                gitDirectory = path.hasPrefix("/") ? URL(fileURLWithPath: path) : packageRoot.appending(path: path)
            }
        }
        if let gitDirectory {
            let inputs = ["HEAD", "logs/HEAD", "packed-refs"].map { gitDirectory.appending(path: $0) }
                .filter { manager.fileExists(atPath: $0.path) }
            return (["--git-dir", gitDirectory.path], inputs)
        }
        let file = packageRoot.appending(path: ".git-revision")
        if manager.fileExists(atPath: file.path) { return (["--revision-file", file.path], [file]) }
        return ([], [])
    }
}

/// The files to embed, named by their path relative to `Config/` (and `openapi.yaml` by its own name).
enum EmbeddedInputs {
    static func list(packageRoot: URL) -> [(name: String, url: URL)] {
        var result: [(name: String, url: URL)] = []
        let config = packageRoot.appending(path: "Config")
        let manager = FileManager.default
        if let enumerator = manager.enumerator(
            at: config, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) {
            for case let url as URL in enumerator {
                let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile ?? false
                guard isFile else { continue }
                let relative = url.standardizedFileURL.path.dropFirst(config.standardizedFileURL.path.count + 1)
                result.append((String(relative), url))
            }
        }
        let openapi = packageRoot.appending(path: "openapi.yaml")
        if manager.fileExists(atPath: openapi.path) { result.append(("openapi.yaml", openapi)) }
        return result.sorted { $0.name < $1.name }
    }
}
