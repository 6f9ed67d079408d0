import HTTPServer

/// `claim-scrubber hash-key`: reads an API key from stdin and prints its SHA-256 as lowercase hex,
/// the form the service configuration stores (never the key itself).
enum HashKeyCommand {
    static let usage = """
        usage: claim-scrubber hash-key < keyfile
          Reads one API key from standard input (a trailing newline is ignored) and prints its
          SHA-256 in lowercase hex for the api keys section of the configuration.

        """

    static func run(_ args: [String]) -> Int32 {
        if args == ["-h"] || args == ["--help"] {
            print(usage, terminator: "")
            return 0
        }
        guard args.isEmpty else {
            StandardStreams.writeError("hash-key: unexpected argument '\(args[0])' (the key is read from stdin)\n\(usage)")
            return 2
        }
        let input = StandardStreams.readInput()
        guard let key = normalizedKey(input) else {
            StandardStreams.writeError("hash-key: no key on stdin (empty input); pipe the key in, e.g. printf %s \"$KEY\" | claim-scrubber hash-key\n")
            return 2
        }
        print(Hex.encode(SHA256.hash(key)))
        return 0
    }

    /// The key bytes with one trailing line ending ("\n" or "\r\n") removed; nil when empty.
    static func normalizedKey(_ bytes: [UInt8]) -> [UInt8]? {
        var key = bytes[...]
        if key.last == UInt8(ascii: "\n") {
            key = key.dropLast()
            if key.last == UInt8(ascii: "\r") { key = key.dropLast() }
        }
        return key.isEmpty ? nil : Array(key)
    }
}
