/// Minutes-to-units arithmetic of CMS Pub. 100-04 ch. 5 §20.2 and the per-code "Rule of 8s".
public enum UnitMath {
    /// Units for a number of minutes by the §20.2 table: 0 under 8 minutes, then floor((m + 7) / 15)
    /// (8-22 = 1, 23-37 = 2, ... and on past 2 hours). The formula reproduces the table (DERIVED).
    @inlinable public static func tableUnits(minutes m: Int) -> Int {
        // Written as m/15 + (m%15 + 7)/15, which equals (m + 7)/15 and cannot overflow.
        m >= 8 ? m / 15 + (m % 15 + 7) / 15 : 0
    }

    /// Largest minute count the engine works with; larger (invalid) values are clamped so arithmetic cannot
    /// overflow (ClaimValidator refuses anything over a day).
    public static let minuteCap = 1_000_000

    /// `minutes` clamped to 0...minuteCap.
    @inlinable public static func clamp(_ minutes: Int) -> Int { min(max(0, minutes), minuteCap) }

    /// CMS total-time allocation for the timed codes of one discipline on one date (DERIVED algorithm;
    /// reproduces the §20.2 examples 1-5):
    /// 1. N = `tableUnits(total minutes)`;
    /// 2. each code gets floor(minutes / 15) (so ≥15 min ⇒ ≥1 unit, ≥30 ⇒ ≥2, ...);
    /// 3. the remaining N − Σfloor units go one at a time to the largest leftovers (minutes mod 15).
    ///
    /// Tie-break (deterministic): equal leftovers go to the code with more total minutes, then to the earlier
    /// line. CMS lets the provider choose among ties (examples 2 and 5); see `isTieEquivalent`.
    public static func allocate(minutes: [Int]) -> [Int] {
        let minutes = minutes.map(clamp)
        var units = minutes.map { $0 / 15 }
        let total = minutes.reduce(0, +)
        var remaining = tableUnits(minutes: total) - units.reduce(0, +)
        guard remaining > 0 else { return units }
        // Order candidates by leftover desc, minutes desc, index asc; n is tiny (a handful of codes).
        var order = Array(minutes.indices)
        order.sort { a, b in
            let la = minutes[a] % 15, lb = minutes[b] % 15
            if la != lb { return la > lb }
            if minutes[a] != minutes[b] { return minutes[a] > minutes[b] }
            return a < b
        }
        for i in order where remaining > 0 {
            units[i] += 1
            remaining -= 1
        }
        return units
    }

    /// Whether `proposal` is a valid CMS total-time allocation of `minutes`: the same total as `allocate`,
    /// every code given floor(minutes/15) or one more, and no code with a smaller leftover given the extra unit
    /// while a code with a larger leftover goes without. Such proposals differ from `allocate` only by how ties
    /// were broken, which CMS leaves to the provider (§20.2 examples 2 and 5).
    public static func isTieEquivalent(minutes: [Int], proposal: [Int]) -> Bool {
        guard minutes.count == proposal.count else { return false }
        let minutes = minutes.map(clamp)
        let total = minutes.reduce(0, +)
        guard proposal.allSatisfy({ $0 >= 0 && $0 <= minuteCap }) else { return false }
        guard proposal.reduce(0, +) == tableUnits(minutes: total) else { return false }
        var minExtra = Int.max
        var maxPlain = Int.min
        for i in minutes.indices {
            let m = minutes[i]
            let f = m / 15
            let left = m % 15
            if proposal[i] == f + 1 {
                minExtra = min(minExtra, left)
            } else if proposal[i] == f {
                maxPlain = max(maxPlain, left)
            } else {
                return false
            }
        }
        return minExtra == Int.max || maxPlain == Int.min || minExtra >= maxPlain
    }
}
