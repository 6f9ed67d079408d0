import HTTPServer

/// `claim-scrubber hash-key`: reads an API key from stdin and prints its SHA-256 as lowercase hex,
/// the form the service configuration stores (never the key itself).
enum HashKeyCommand {
    static let help = CommandHelp(
        name: "hash-key",
        summary: "print the SHA-256 of an API key read from standard input",
        synopsis: ["< KEYFILE"],
        description: """
            Reads one API key from standard input (one trailing newline is ignored) and prints its \
            SHA-256 in lowercase hex: the value auth.apiKeys (or SCRUBBER_AUTH_API_KEYS) holds, so the \
            configuration never contains the key itself.
            """,
        options: [],
        exitStatuses: [
            (0, "the hash was printed"),
            (2, "bad usage, or no key on standard input"),
        ])

    static func run(_ args: [String]) -> Int32 {
        if let first = args.first {
            return help.usageError(first.hasPrefix("-") ? "unknown option \(first)"
                                                        : "unexpected argument \(first): the key is read from standard input")
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
