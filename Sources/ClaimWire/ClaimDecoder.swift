import ClaimRules
import StrictJSON

/// Decodes claim JSON (openapi.yaml `Claim`) into `ClaimRules.Claim`, reporting every problem.
///
/// Three stages, each with its own error:
/// 1. syntax: `StrictJSON` (RFC 8259, duplicate keys rejected, limits) → `.malformedJSON` (400);
/// 2. schema: types, required fields, date format, enum values, unknown fields (strict), negative or
///    fractional numbers where whole counts are required → `.invalid` with every problem (422);
/// 3. semantics: `ClaimValidator.validate(_:rules:)` (unknown payer, ...) → `.invalid` (422).
/// Stage 3 runs only when stage 2 found nothing, because it needs a whole `Claim`.
///
/// `null` for an optional field means absent (as with Codable's `decodeIfPresent`); `null` for a
/// required field is reported as missing. Messages never quote claim identifiers or dates.
public struct ClaimDecoder: Sendable {
    /// Reader limits; the defaults are StrictJSON's (depth 64, 8 MiB, 1 MiB strings).
    public var readerOptions: JSONReader.Options

    /// `readerOptions` limits apply; the claim's field names and enum values are always interned.
    public init(readerOptions: JSONReader.Options = .default) {
        self.readerOptions = readerOptions
        self.readerOptions.internedStrings = ClaimSchema.internedStrings
    }

    /// Syntax, schema and semantic validation against `rules`.
    public func decode(_ bytes: [UInt8], rules: RuleSet) throws(ClaimDecodingError) -> Claim {
        let claim = try decode(bytes)
        let problems = ClaimValidator.validate(claim, rules: rules)
        guard problems.isEmpty else { throw .invalid(problems) }
        return claim
    }

    /// Syntax, schema and semantic validation against `rules`.
    public func decode(_ bytes: UnsafeRawBufferPointer, rules: RuleSet) throws(ClaimDecodingError) -> Claim {
        let claim = try decode(bytes)
        let problems = ClaimValidator.validate(claim, rules: rules)
        guard problems.isEmpty else { throw .invalid(problems) }
        return claim
    }

    /// Syntax and schema only (no rule set needed).
    public func decode(_ bytes: [UInt8]) throws(ClaimDecodingError) -> Claim {
        try bytes.withUnsafeBufferPointer { buffer throws(ClaimDecodingError) in try decodeClaim(buffer) }
    }

    /// Syntax and schema only (no rule set needed).
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(ClaimDecodingError) -> Claim {
        try decodeClaim(bytes.bindMemory(to: UInt8.self))
    }

    /// Schema only, from an already parsed value (re-serialized and read like a body).
    public func decode(value: JSONValue) throws(ClaimDecodingError) -> Claim {
        try decode(value.serialized())
    }

    /// Streams the body through the schema: no intermediate JSON tree. A syntax error anywhere wins
    /// over schema problems found before it (a malformed body is a 400, whatever else is wrong).
    private func decodeClaim(_ buffer: UnsafeBufferPointer<UInt8>) throws(ClaimDecodingError) -> Claim {
        var reader = WireReader(input: buffer)
        var claim = ClaimSchema.emptyClaim
        let complete: Bool
        do {
            var parser = try JSONPullParser(bytes: buffer, options: readerOptions)
            complete = try ClaimSchema.claim(&parser, &reader, into: &claim)
            try parser.finish()
        } catch {
            throw .malformedJSON(message: error.message, line: error.line, column: error.column, offset: error.offset)
        }
        guard reader.problems.isEmpty, complete else {
            let problems = reader.problems.map { FieldProblem(pointer: $0.pointer, message: $0.message) }
            throw .invalid(problems.isEmpty ? [FieldProblem(pointer: "", message: "the claim could not be read")] : problems)
        }
        return claim
    }
}
