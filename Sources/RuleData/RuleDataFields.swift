import ClaimRules

/// Field checks shared by the rule data files.
enum RuleDataFields {
    /// A CPT/HCPCS code as the CMS files write it: five ASCII characters, upper-case letters or digits
    /// (`97530`, `G0283`, `0001F`).
    static func isCode(_ text: String) -> Bool {
        text.utf8.count == 5 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }
    }

    /// `YYYYMMDD` as the CMS PTP files write dates; nil unless eight digits forming a real date.
    static func cmsDate(_ text: String) -> CalendarDate? {
        guard text.utf8.count == 8, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text) else { return nil }
        return CalendarDate(yyyymmdd: value)
    }

    /// A short quoted rendering of a field value for messages (control characters escaped, at most 40 characters).
    static func quoted(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(40) {
            if scalar.value < 0x20 || scalar.value == 0x7f { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
        if text.unicodeScalars.count > 40 { out += "..." }
        return "\"\(out)\""
    }
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
