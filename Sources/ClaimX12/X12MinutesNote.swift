/// The optional way an EHR sends therapy minutes in an 837P, which has no element for them: a 2400
/// line note `NTE*ADD*MIN=38` (the line's direct treatment minutes), optionally `NTE*ADD*MIN=38;ASST=12`
/// (of which an assistant furnished 12). The note is free text to the payer (NTE01 `ADD`, additional
/// information) and valid 005010X222A1.
///
/// Grammar of NTE02: `MIN=` 1 to 4 digits, then optionally `;ASST=` 1 to 4 digits; nothing else, no
/// spaces, uppercase. Other notes are not about minutes and are ignored; a note that starts with `MIN=`
/// and does not follow the grammar is a problem (the sender meant to send minutes).
public struct X12MinutesNote: Sendable, Equatable {
    public var minutes: Int
    public var assistantMinutes: Int?

    public enum Reading: Sendable, Equatable {
        /// The note is not a minutes note.
        case none
        case minutes(X12MinutesNote)
        /// It starts with `MIN=` but does not follow the grammar.
        case malformed
    }

    public static let prefix = "MIN="

    public static func read(qualifier: String, text: String) -> Reading {
        let bytes = Array(text.utf8)
        guard bytes.starts(with: prefix.utf8) else { return .none }
        guard qualifier == "ADD" else { return .malformed }
        var i = 4
        func number() -> Int? {
            var value = 0, digits = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                value = value * 10 + Int(bytes[i] - 48)
                digits += 1
                i += 1
            }
            return digits >= 1 && digits <= 4 ? value : nil
        }
        guard let minutes = number() else { return .malformed }
        if i == bytes.count { return .minutes(X12MinutesNote(minutes: minutes, assistantMinutes: nil)) }
        let assist = Array(";ASST=".utf8)
        guard bytes[i...].starts(with: assist) else { return .malformed }
        i += assist.count
        guard let assistant = number(), i == bytes.count else { return .malformed }
        return .minutes(X12MinutesNote(minutes: minutes, assistantMinutes: assistant))
    }
}
