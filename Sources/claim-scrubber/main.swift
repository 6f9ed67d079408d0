// claim-scrubber: one executable, several commands. Each command lives in its own file
// (`<Name>Command.swift`) as an enum with its `help` and `static func run(_ args: [String]) -> Int32`;
// `MainCommand.commands` lists them.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

exit(MainCommand.run(Array(CommandLine.arguments.dropFirst())))
