/// The National Provider Identifier's check (CMS, NPI check digit requirements; 45 CFR 162.406).
public enum NPI {
    /// Ten ASCII digits whose last is the Luhn (modulus 10 "double-add-double") check digit, computed as if the
    /// card-issuer prefix 80840 preceded the number.
    public static func isValid(_ npi: String) -> Bool {
        var digits = 0
        // The prefix 80840 adds 24 to the Luhn sum (its doubled-and-added digits), as CMS prescribes.
        var sum = 24
        for b in npi.utf8.reversed() {
            guard b >= 48, b <= 57, digits < 10 else { return false }
            var d = Int(b - 48)
            if digits % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
            digits += 1
        }
        return digits == 10 && sum % 10 == 0
    }
}
