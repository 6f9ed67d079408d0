#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ScrubberService

extension CommandHelp {
    /// The directory an import command's `--verify [DIR] [--config FILE]` checks: DIR, else the
    /// configuration's rulesets directory. Nil after saying why on standard error (exit status 2).
    func verifyDirectory(_ args: [String]) -> String? {
        var directory: String?, configFile: String?
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == "--config" {
                guard i + 1 < args.count else { _ = usageError("--config needs a file"); return nil }
                configFile = args[i + 1]
                i += 2
                continue
            }
            if arg.hasPrefix("-") { _ = usageError("unknown option \(arg)"); return nil }
            guard directory == nil else {
                _ = usageError("unexpected argument \(arg): --verify takes one directory")
                return nil
            }
            directory = arg
            i += 1
        }
        if let directory { return directory }
        var flags = ConfigurationLoader.Flags()
        flags.configFile = configFile
        do {
            let configuration = try ConfigurationLoader.load(flags: flags, environment: ProcessInfo.processInfo.environment,
                                                             embeddedDefaults: ServiceAssembly.embeddedDefaultConfiguration)
            if let configured = configuration.rulesetsDirectory { return configured }
        } catch {
            StandardStreams.writeError("\(name) --verify: \(error.description)\n")
            return nil
        }
        _ = usageError("--verify needs a directory: give DIR, or configure rulesets.directory (--config FILE or SCRUBBER_RULESETS_DIR)")
        return nil
    }
}
