/// Chooses the payer profile of an 837P claim: configured entries first (by payer identifier, 2010BB
/// NM109, then by claim filing indicator, SBR09), then the built-in filing indicators (`MB` Medicare
/// Part B → `medicare`, `16` Medicare Advantage HMO → `medicare-advantage`).
public struct X12PayerMap: Sendable, Equatable {
    /// One configured rule: a payer identifier or a filing indicator that means a payer profile.
    public struct Entry: Sendable, Equatable, CustomStringConvertible {
        public enum Key: String, Sendable, CaseIterable {
            /// 2010BB NM109 (the payer identifier the clearinghouse or payer assigned).
            case payerId
            /// 2000B SBR09 (the claim filing indicator code).
            case filingIndicator
        }

        public var key: Key
        public var value: String
        /// A payer profile id of the rule data (`medicare`, `commercial-ama`, ...).
        public var payer: String

        public init(key: Key, value: String, payer: String) {
            self.key = key
            self.value = value
            self.payer = payer
        }

        /// Parses `payerId:VALUE=profile` or `filingIndicator:VALUE=profile`.
        public init?(text: some StringProtocol) {
            let text = String(text)
            guard let colon = text.firstIndex(of: ":"), let key = Key(rawValue: String(text[..<colon])),
                  let equals = text.lastIndex(of: "="), equals > colon else { return nil }
            let value = String(text[text.index(after: colon)..<equals])
            let payer = String(text[text.index(after: equals)...])
            guard !value.isEmpty, !payer.isEmpty else { return nil }
            self.init(key: key, value: value, payer: payer)
        }

        /// The `key:value=payer` form.
        public var description: String { "\(key.rawValue):\(value)=\(payer)" }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    /// Reads the text form `key:value=payer,key:value=payer` (the environment variable's); nil when an
    /// entry does not parse.
    public init?(text: String) {
        var entries: [Entry] = []
        for part in text.split(separator: ",") {
            let trimmed = part.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            guard let entry = Entry(text: String(trimmed)) else { return nil }
            entries.append(entry)
        }
        self.entries = entries
    }

    /// The built-in filing indicators (X12 code list 1032).
    public static let defaults: [Entry] = [
        Entry(key: .filingIndicator, value: "MB", payer: "medicare"),
        Entry(key: .filingIndicator, value: "16", payer: "medicare-advantage"),
    ]

    /// The profile and which key chose it, or nil.
    public func payer(payerID: String?, filingIndicator: String?) -> (payer: String, key: Entry.Key)? {
        // The payer id first, then the filing indicator (the order of `Entry.Key.allCases`), without
        // building that array per claim.
        if let value = payerID, !value.isEmpty, let e = entries.first(where: { $0.key == .payerId && $0.value == value }) {
            return (e.payer, .payerId)
        }
        if let value = filingIndicator, !value.isEmpty,
           let e = entries.first(where: { $0.key == .filingIndicator && $0.value == value }) {
            return (e.payer, .filingIndicator)
        }
        if let f = filingIndicator, let e = X12PayerMap.defaults.first(where: { $0.value == f }) { return (e.payer, .filingIndicator) }
        return nil
    }
}
