import StrictJSON

/// A reader for the subset of YAML 1.2 that `openapi.yaml` is written in, into `JSONValue` (the JSON
/// data model, which is all an OpenAPI document uses).
///
/// Supported: block mappings and sequences (indented with spaces; a mapping may start on a `- `
/// line), flow mappings and sequences (`{ a: 1 }`, `[a, b]`, over several lines), plain, single-
/// and double-quoted scalars, literal and folded block scalars (`|`, `|-`, `|+`, `>`, `>-`, `>+`),
/// anchors and aliases, comments. Everything else fails with the line and what is not supported
/// (tags, complex keys, merge keys, several documents, tabs in indentation, ...), and so does a plain
/// scalar that YAML readers disagree on (`yes`, `on`, `2026-01-01`, `0x1F`, `.inf`): quote those. So
/// the document is read exactly as a full YAML reader reads it, or not at all.
public enum YAMLSubset {
    /// A construct outside the subset, or malformed YAML, at a 1-based line.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads one YAML document.
    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        var parser = Parser(text)
        return try parser.document()
    }
}

private struct Line {
    var number: Int
    var indent: Int
    /// The text after the indentation (a full-line comment or blank line is skipped earlier).
    var content: String
}

private struct Parser {
    var lines: [Line] = []
    var index = 0
    var anchors: [String: JSONValue] = [:]
    var firstFailure: YAMLSubset.Failure?

    init(_ text: String) {
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            if indentation.contains("\t") && line.count > indentation.count {
                firstFailure = firstFailure ?? .init(line: number, message: "a tab in the indentation (YAML indents with spaces only)")
            }
            let content = line.dropFirst(indentation.count)
            // Blank lines are kept: block scalars need them. Comment lines are not.
            if content.hasPrefix("#") { continue }
            lines.append(Line(number: number, indent: indentation.count, content: String(content)))
        }
    }

    // MARK: - Block structure

    mutating func document() throws(YAMLSubset.Failure) -> JSONValue {
        if let firstFailure { throw firstFailure }
        skipBlank()
        if let line = current, line.content.hasPrefix("%") { throw fail(line, "directives (%) are not supported") }
        if let line = current, line.indent == 0, line.content == "---" { index += 1; skipBlank() }
        guard let first = current else { return .null }
        let value = try block(indent: first.indent)
        skipBlank()
        if let extra = current {
            if extra.content == "---" || extra.content == "..." { throw fail(extra, "only one YAML document is supported") }
            throw fail(extra, "unexpected indentation (the line is not part of the structure above it)")
        }
        return value
    }

    var current: Line? { index < lines.count ? lines[index] : nil }

    mutating func skipBlank() {
        while let line = current, line.content.isEmpty { index += 1 }
    }

    func fail(_ line: Line, _ message: String) -> YAMLSubset.Failure {
        .init(line: line.number, message: message)
    }

    /// The block node whose first line is the current one, at exactly `indent`.
    mutating func block(indent: Int) throws(YAMLSubset.Failure) -> JSONValue {
        skipBlank()
        guard let line = current else { return .null }
        if isSequenceItem(line.content) { return try sequence(indent: indent) }
        return try mapping(indent: indent)
    }

    func isSequenceItem(_ content: String) -> Bool { content == "-" || content.hasPrefix("- ") }

    mutating func sequence(indent: Int) throws(YAMLSubset.Failure) -> JSONValue {
        var items: [JSONValue] = []
        while true {
            skipBlank()
            guard let line = current, line.indent == indent, isSequenceItem(line.content) else { break }
            let afterDash = line.content.dropFirst()
            let spaces = afterDash.prefix { $0 == " " }.count
            let rest = trimmed(String(afterDash.dropFirst(spaces)))
            let restIndent = line.indent + 1 + spaces
            if rest.isEmpty || rest.hasPrefix("#") {
                index += 1
                items.append(try nested(below: indent, line: line))
            } else if startsBlockCollection(rest) {
                // `- key: value` or `- - item`: the rest of the line starts a block collection at its column.
                lines[index] = Line(number: line.number, indent: restIndent, content: rest)
                items.append(try block(indent: restIndent))
            } else {
                index += 1
                items.append(try inlineValue(rest, line: line, parentIndent: indent))
            }
        }
        if let line = current, line.indent > indent, !line.content.isEmpty {
            throw fail(line, "unexpected indentation inside a sequence")
        }
        return .array(items)
    }

    /// Whether the text after `- ` starts a block mapping (`key: ...`) or another sequence item.
    func startsBlockCollection(_ rest: String) -> Bool {
        if isSequenceItem(rest) { return true }
        if rest.hasPrefix("&") { return false }
        return (try? splitKey(rest)) != nil
    }

    mutating func mapping(indent: Int) throws(YAMLSubset.Failure) -> JSONValue {
        var members: [JSONMember] = []
        var seen: Set<String> = []
        while true {
            skipBlank()
            guard let line = current, line.indent == indent, !isSequenceItem(line.content) else { break }
            if line.content == "---" || line.content == "..." { break }
            guard let (key, rest, quoted) = try splitKey(line.content, line: line) else {
                throw fail(line, "expected `key: value` in a mapping")
            }
            if !quoted { try PlainScalar.checkKey(key, failure: { fail(line, $0) }) }
            if key == "<<" { throw fail(line, "merge keys (<<) are not supported") }
            guard seen.insert(key).inserted else { throw fail(line, "duplicate key \"\(key)\"") }
            index += 1
            if rest.isEmpty || rest.hasPrefix("#") {
                members.append(JSONMember(key, try nested(below: indent, line: line, allowSequenceAtSameIndent: true)))
            } else {
                members.append(JSONMember(key, try inlineValue(rest, line: line, parentIndent: indent)))
            }
        }
        if let line = current, line.indent > indent, !line.content.isEmpty {
            throw fail(line, "unexpected indentation inside a mapping")
        }
        return .object(members)
    }

    /// The value of `key:` with nothing after it: a block below (or a sequence at the key's own
    /// indentation, which YAML allows for mapping values), else null.
    mutating func nested(below indent: Int, line: Line, allowSequenceAtSameIndent: Bool = false) throws(YAMLSubset.Failure) -> JSONValue {
        skipBlank()
        guard let next = current else { return .null }
        if next.indent > indent { return try block(indent: next.indent) }
        if allowSequenceAtSameIndent, next.indent == indent, isSequenceItem(next.content) { return try sequence(indent: indent) }
        return .null
    }

    /// The value written after `key: ` or `- ` on the line (already consumed): anchor, alias, block
    /// scalar, flow collection, quoted or plain scalar.
    mutating func inlineValue(_ text: String, line: Line, parentIndent: Int) throws(YAMLSubset.Failure) -> JSONValue {
        var rest = text
        var anchor: String?
        if rest.hasPrefix("&") {
            let name = String(rest.dropFirst().prefix { !$0.isWhitespace })
            guard !name.isEmpty else { throw fail(line, "an anchor needs a name") }
            anchor = name
            rest = trimmed(String(rest.dropFirst(name.count + 1)))
        }
        let value: JSONValue
        if rest.isEmpty || rest.hasPrefix("#") {
            guard anchor != nil else { return .null }
            value = try nested(below: parentIndent, line: line, allowSequenceAtSameIndent: true)
        } else if rest.hasPrefix("*") {
            guard anchor == nil else { throw fail(line, "an alias cannot have an anchor") }
            let name = String(rest.dropFirst().prefix { !$0.isWhitespace })
            let after = trimmed(String(rest.dropFirst(name.count + 1)))
            guard after.isEmpty || after.hasPrefix("#") else { throw fail(line, "unexpected text after the alias *\(name)") }
            guard let target = anchors[name] else { throw fail(line, "unknown alias *\(name)") }
            return target
        } else if rest.hasPrefix("|") || rest.hasPrefix(">") {
            value = try blockScalar(header: rest, line: line, parentIndent: parentIndent)
        } else if rest.hasPrefix("{") || rest.hasPrefix("[") {
            value = try flowCollection(starting: rest, line: line, parentIndent: parentIndent)
        } else if rest.hasPrefix("!") {
            throw fail(line, "tags (!) are not supported")
        } else {
            value = try scalar(rest, line: line, parentIndent: parentIndent)
        }
        if let anchor { anchors[anchor] = value }
        return value
    }

    /// A quoted or plain scalar; a plain one may continue on more indented lines (folded with spaces).
    mutating func scalar(_ text: String, line: Line, parentIndent: Int) throws(YAMLSubset.Failure) -> JSONValue {
        if text.hasPrefix("'") || text.hasPrefix("\"") {
            var cursor = FlowCursor(text: Array(text), line: line)
            let value = try cursor.quoted()
            cursor.skipSpaces()
            guard cursor.atEnd || cursor.peek == "#" else {
                throw fail(line, "unexpected text after a quoted scalar (a multi-line quoted scalar is not supported)")
            }
            return .string(value)
        }
        var plain = stripComment(text)
        // Continuation lines of a multi-line plain scalar.
        while let next = current, next.indent > parentIndent, !next.content.isEmpty {
            if (try? splitKey(next.content)) != nil || isSequenceItem(next.content) {
                throw fail(next, "unexpected indentation (a nested collection after a scalar value)")
            }
            plain += " " + stripComment(next.content)
            index += 1
        }
        return try resolvePlain(plain, line: line)
    }

    /// `|` / `>` with an optional chomping indicator; the content is the following lines indented
    /// more than the parent.
    mutating func blockScalar(header: String, line: Line, parentIndent: Int) throws(YAMLSubset.Failure) -> JSONValue {
        let headerText = stripComment(header)
        let literal = headerText.hasPrefix("|")
        let chomp = headerText.dropFirst()
        guard chomp.isEmpty || chomp == "-" || chomp == "+" else {
            throw fail(line, "block scalar header \(headerText): only |, |-, |+, >, >- and >+ are supported")
        }
        var contentLines: [String] = []
        var blockIndent: Int?
        while let next = current {
            if next.content.isEmpty {
                contentLines.append("")
                index += 1
                continue
            }
            if blockIndent == nil {
                guard next.indent > parentIndent else { break }
                blockIndent = next.indent
            }
            guard let blockIndent, next.indent >= blockIndent else { break }
            contentLines.append(String(repeating: " ", count: next.indent - blockIndent) + next.content)
            index += 1
        }
        // Trailing blank lines belong to the scalar only for chomping; give back the ones after it.
        var trailingBlank = 0
        while let last = contentLines.last, last.isEmpty { contentLines.removeLast(); trailingBlank += 1 }
        var text: String
        if literal {
            text = contentLines.joined(separator: "\n")
        } else {
            text = ""
            var previousWasText = false
            for content in contentLines {
                if content.isEmpty {
                    text += "\n"
                    previousWasText = false
                } else if content.hasPrefix(" ") {
                    text += (previousWasText ? "\n" : "") + content
                    previousWasText = false
                } else {
                    text += (previousWasText ? " " : "") + content
                    previousWasText = true
                }
            }
        }
        if !contentLines.isEmpty {
            switch chomp {
            case "-": break
            case "+": text += String(repeating: "\n", count: trailingBlank + 1)
            default: text += "\n"
            }
        }
        return .string(text)
    }

    /// A flow collection, gathered over as many lines as its brackets need.
    mutating func flowCollection(starting text: String, line: Line, parentIndent: Int) throws(YAMLSubset.Failure) -> JSONValue {
        var characters = Array(text)
        while !FlowCursor.isBalanced(characters) {
            guard let next = current, next.indent > parentIndent || next.content.isEmpty else {
                throw fail(line, "unterminated flow collection")
            }
            characters += [" "] + Array(next.content)
            index += 1
        }
        var cursor = FlowCursor(text: characters, line: line)
        let value = try cursor.node()
        cursor.skipSpaces()
        guard cursor.atEnd || cursor.peek == "#" else { throw fail(line, "unexpected text after a flow collection") }
        return value
    }

    // MARK: - Keys and plain scalars

    /// `key: rest` split at the mapping colon; nil when the text is not a mapping entry.
    func splitKey(_ content: String, line: Line? = nil) throws(YAMLSubset.Failure) -> (key: String, rest: String, quoted: Bool)? {
        let fallback = line ?? Line(number: 0, indent: 0, content: content)
        if content.hasPrefix("?") && (content == "?" || content.hasPrefix("? ")) {
            throw fail(fallback, "complex keys (?) are not supported")
        }
        if content.hasPrefix("'") || content.hasPrefix("\"") {
            var cursor = FlowCursor(text: Array(content), line: fallback)
            guard let key = try? cursor.quoted() else { return nil }
            cursor.skipSpaces()
            guard cursor.peek == ":" else { return nil }
            cursor.advance()
            guard cursor.atEnd || cursor.peek == " " else { return nil }
            return (key, trimmed(cursor.rest), true)
        }
        if content.hasPrefix("{") || content.hasPrefix("[") || content.hasPrefix("&") || content.hasPrefix("*")
            || content.hasPrefix("|") || content.hasPrefix(">") { return nil }
        let characters = Array(content)
        var i = 0
        while i < characters.count {
            if characters[i] == "#", i > 0, characters[i - 1] == " " { return nil }
            if characters[i] == ":" && (i + 1 == characters.count || characters[i + 1] == " ") {
                let key = trimmed(String(characters[0..<i]))
                guard !key.isEmpty else { return nil }
                return (key, trimmed(String(characters[(i + 1)...])), false)
            }
            i += 1
        }
        return nil
    }

    func stripComment(_ text: String) -> String {
        let characters = Array(text)
        for i in characters.indices where characters[i] == "#" && (i == 0 || characters[i - 1] == " ") {
            return trimmed(String(characters[0..<i]))
        }
        return trimmed(text)
    }

    func resolvePlain(_ text: String, line: Line) throws(YAMLSubset.Failure) -> JSONValue {
        try PlainScalar.resolve(text, failure: { fail(line, $0) })
    }
}

/// What a plain (unquoted) scalar means: null, a boolean, a number or a string, by YAML 1.2's core
/// schema; refused where YAML 1.1 readers (PyYAML, which schemathesis uses) would read it otherwise.
enum PlainScalar {
    /// A plain key must read as a string (JSON keys are strings; `200:` is an integer to YAML).
    static func checkKey(_ key: String, failure: (String) -> YAMLSubset.Failure) throws(YAMLSubset.Failure) {
        guard case .string = try resolve(key, failure: failure) else {
            throw failure("the key \(key) is not a string to YAML: quote it")
        }
    }

    static func resolve(_ text: String, failure: (String) -> YAMLSubset.Failure) throws(YAMLSubset.Failure) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let first = text.first, "@`%!&*|>".contains(first) {
            throw failure("a plain scalar cannot start with \(first): quote it")
        }
        if text.contains(": ") || text.hasSuffix(":") {
            throw failure("\": \" inside a plain scalar: quote the value")
        }
        let lower = text.lowercased()
        if ["yes", "no", "on", "off", "y", "n"].contains(lower) {
            throw failure("\(text) is a boolean to some YAML readers and a string to others: quote it, or write true or false")
        }
        if [".inf", "-.inf", "+.inf", ".nan"].contains(lower) || lower.hasPrefix("0x") || lower.hasPrefix("0o") {
            throw failure("\(text): special numbers are not supported (quote it if it is a string)")
        }
        if text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
            // PyYAML (YAML 1.1) reads 1e5 as a string and 1.5e+3 as a number: no exponents at all.
            if let number = JSONNumber(text: text), !text.contains("e"), !text.contains("E") { return .number(number) }
            let digitsOnly = text.allSatisfy { $0.isNumber || "+-._:eE".contains($0) }
            let looksNumeric = text.contains(where: \.isNumber) && digitsOnly
            // 1.0.0 is a string to every reader; 2026-01-01, 1_000, +1 or 1. are not: refuse them.
            let dotted = text.split(separator: ".").count > 2 && text.allSatisfy { $0.isNumber || $0 == "." }
            if looksNumeric && !dotted {
                throw failure("\(text) reads as a number or a date in some YAML readers and a string in others: quote it, or write a JSON number")
            }
        }
        return .string(text)
    }
}

/// A cursor over flow-style text: `{ ... }`, `[ ... ]`, quoted and plain flow scalars.
private struct FlowCursor {
    var text: [Character]
    var position = 0
    let line: Line

    init(text: [Character], line: Line) {
        self.text = text
        self.line = line
    }

    var atEnd: Bool { position >= text.count }
    var peek: Character? { atEnd ? nil : text[position] }
    var rest: String { String(text[position...]) }
    mutating func advance() { position += 1 }

    mutating func skipSpaces() {
        while let c = peek, c == " " { advance() }
    }

    func fail(_ message: String) -> YAMLSubset.Failure { .init(line: line.number, message: message) }

    /// Whether every bracket opened outside quotes is closed.
    static func isBalanced(_ characters: [Character]) -> Bool {
        var depth = 0
        var quote: Character?
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if let q = quote {
                if q == "\"" && c == "\\" { i += 2; continue }
                if c == q {
                    if q == "'" && i + 1 < characters.count && characters[i + 1] == "'" { i += 2; continue }
                    quote = nil
                }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "{" || c == "[" {
                depth += 1
            } else if c == "}" || c == "]" {
                depth -= 1
            } else if c == "#" && i > 0 && characters[i - 1] == " " {
                return depth <= 0
            }
            i += 1
        }
        return depth <= 0
    }

    mutating func node() throws(YAMLSubset.Failure) -> JSONValue {
        skipSpaces()
        guard let c = peek else { throw fail("a value is missing in a flow collection") }
        switch c {
        case "{": return try flowMapping()
        case "[": return try flowSequence()
        case "'", "\"": return .string(try quoted())
        case "&", "*", "!", "|", ">": throw fail("\(c) inside a flow collection is not supported")
        default: return try PlainScalar.resolve(plain(), failure: { fail($0) })
        }
    }

    mutating func flowMapping() throws(YAMLSubset.Failure) -> JSONValue {
        advance()
        var members: [JSONMember] = []
        var seen: Set<String> = []
        skipSpaces()
        if peek == "}" { advance(); return .object([]) }
        while true {
            skipSpaces()
            let key: String
            if peek == "'" || peek == "\"" {
                key = try quoted()
            } else {
                key = plainKey()
                if !key.isEmpty { try PlainScalar.checkKey(key, failure: { fail($0) }) }
            }
            guard !key.isEmpty else { throw fail("a key is missing in a flow mapping") }
            guard seen.insert(key).inserted else { throw fail("duplicate key \"\(key)\"") }
            skipSpaces()
            guard peek == ":" else { throw fail("expected : after the key \"\(key)\" in a flow mapping") }
            advance()
            skipSpaces()
            let value: JSONValue = (peek == "," || peek == "}") ? .null : try node()
            members.append(JSONMember(key, value))
            skipSpaces()
            if peek == "," { advance(); skipSpaces(); if peek == "}" { advance(); return .object(members) }; continue }
            if peek == "}" { advance(); return .object(members) }
            throw fail("expected , or } in a flow mapping")
        }
    }

    mutating func flowSequence() throws(YAMLSubset.Failure) -> JSONValue {
        advance()
        var items: [JSONValue] = []
        skipSpaces()
        if peek == "]" { advance(); return .array([]) }
        while true {
            items.append(try node())
            skipSpaces()
            if peek == "," { advance(); skipSpaces(); if peek == "]" { advance(); return .array(items) }; continue }
            if peek == "]" { advance(); return .array(items) }
            if peek == ":" { throw fail("a mapping inside a flow sequence needs braces: [{ key: value }]") }
            throw fail("expected , or ] in a flow sequence")
        }
    }

    /// A plain key inside a flow mapping: up to `:` followed by a space, `,` or `}`.
    mutating func plainKey() -> String {
        let start = position
        while let c = peek {
            if c == ":" {
                let after = position + 1 < text.count ? text[position + 1] : " "
                if after == " " || after == "," || after == "}" { break }
            }
            if c == "," || c == "}" || c == "]" || c == "{" || c == "[" { break }
            advance()
        }
        return String(text[start..<position]).trimmingSpaces
    }

    /// A plain scalar inside a flow collection: up to `,`, `]`, `}` or `: `.
    mutating func plain() throws(YAMLSubset.Failure) -> String {
        let start = position
        while let c = peek {
            if c == "," || c == "]" || c == "}" { break }
            if c == "[" || c == "{" { throw fail("\(c) inside a plain scalar: quote it") }
            if c == ":" && (position + 1 == text.count || text[position + 1] == " ") { break }
            if c == "#" && position > start && text[position - 1] == " " { throw fail("a comment inside a flow collection") }
            advance()
        }
        return String(text[start..<position]).trimmingSpaces
    }

    /// A single- or double-quoted scalar at the cursor.
    mutating func quoted() throws(YAMLSubset.Failure) -> String {
        guard let quote = peek else { throw fail("a quoted scalar is missing") }
        advance()
        var out = ""
        while let c = peek {
            advance()
            if c == quote {
                if quote == "'" && peek == "'" { advance(); out.append("'"); continue }
                return out
            }
            if quote == "\"" && c == "\\" {
                guard let e = peek else { break }
                advance()
                switch e {
                case "\\": out.append("\\")
                case "\"": out.append("\"")
                case "/": out.append("/")
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "0": out.append("\0")
                case "u", "x":
                    let count = e == "u" ? 4 : 2
                    guard position + count <= text.count, let value = UInt32(String(text[position..<(position + count)]), radix: 16),
                          let scalar = Unicode.Scalar(value) else { throw fail("a \\\(e) escape needs \(count) hex digits") }
                    out.unicodeScalars.append(scalar)
                    position += count
                default: throw fail("the escape \\\(e) is not supported")
                }
                continue
            }
            out.append(c)
        }
        throw fail("an unterminated quoted scalar (a multi-line quoted scalar is not supported)")
    }
}

private func trimmed(_ text: String) -> String { text.trimmingSpaces }

extension String {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[first...last])
    }
}
