/// The National Provider Identifier's check (CMS, NPI check digit requirements; 45 CFR 162.406).
public enum NPI {
    /// Ten ASCII digits whose last is the Luhn (modulus 10 "double-add-double") check digit, computed as if the
    /// card-issuer prefix 80840 preceded the number.
    public static func isValid(_ npi: String) -> Bool {
        var text = npi
        return text.withUTF8 { bytes in
            guard bytes.count == 10 else { return false }
            // The prefix 80840 adds 24 to the Luhn sum (its doubled-and-added digits), as CMS prescribes.
            var sum = 24
            for position in 0..<10 {
                let b = bytes[position]
                guard b >= 48, b <= 57 else { return false }
                var d = Int(b &- 48)
                // Every second digit from the right, starting left of the check digit: even positions from the left.
                if position % 2 == 0 {
                    d *= 2
                    if d > 9 { d -= 9 }
                }
                sum += d
            }
            return sum % 10 == 0
        }
    }
}
