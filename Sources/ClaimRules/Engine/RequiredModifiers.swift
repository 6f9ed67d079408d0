/// The modifiers the engine requires on a line, in the order listed: the therapy modifier, then CQ/CO, then KX
/// (internal).
struct RequiredModifiers {
    var therapy: Discipline?
    /// The discipline whose assistant modifier is required (CQ for PT, CO for OT).
    var assistant: Discipline?
    var kx = false

    /// The list, one of `lists`: assigning a literal array neither allocates nor writes a reference count another
    /// thread's claims also write.
    var list: [String] {
        let t = therapy.map { $0 == .pt ? 1 : $0 == .ot ? 2 : 3 } ?? 0
        let a = assistant.map { $0 == .pt ? 1 : $0 == .ot ? 2 : 0 } ?? 0
        return RequiredModifiers.lists[(t * 3 + a) * 2 + (kx ? 1 : 0)]
    }

    /// The `ModifierKey.bit`s of `list`.
    var bits: UInt16 {
        var b: UInt16 = 0
        switch therapy {
        case .pt: b |= ModifierKey.bit(ModifierKey.gp)
        case .ot: b |= ModifierKey.bit(ModifierKey.go)
        case .slp: b |= ModifierKey.bit(ModifierKey.gn)
        case nil: break
        }
        if assistant == .pt { b |= ModifierKey.bit(ModifierKey.cq) }
        if assistant == .ot { b |= ModifierKey.bit(ModifierKey.co) }
        if kx { b |= ModifierKey.bit(ModifierKey.kx) }
        return b
    }

    /// Every list `list` can be, at `(therapy * 3 + assistant) * 2 + kx`.
    private static let lists: [[String]] = [
        [], ["KX"], ["CQ"], ["CQ", "KX"], ["CO"], ["CO", "KX"],
        ["GP"], ["GP", "KX"], ["GP", "CQ"], ["GP", "CQ", "KX"], ["GP", "CO"], ["GP", "CO", "KX"],
        ["GO"], ["GO", "KX"], ["GO", "CQ"], ["GO", "CQ", "KX"], ["GO", "CO"], ["GO", "CO", "KX"],
        ["GN"], ["GN", "KX"], ["GN", "CQ"], ["GN", "CQ", "KX"], ["GN", "CO"], ["GN", "CO", "KX"],
    ]
}
