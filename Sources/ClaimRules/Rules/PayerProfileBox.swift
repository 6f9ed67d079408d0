/// An immutable box around a payer profile, so the engine holds it with one reference count (internal).
final class PayerProfileBox: Sendable {
    let profile: PayerProfile
    /// `profile.allowedRoles` and `profile.rolesNeedingSupervision` as sets of `Role.bit`: a claim's role is tested
    /// without retaining and releasing the arrays, which every thread's claims share.
    let allowedRoleBits: UInt32
    let supervisedRoleBits: UInt32

    init(_ profile: PayerProfile) {
        self.profile = profile
        var allowed: UInt32 = 0, supervised: UInt32 = 0
        for r in profile.allowedRoles { allowed |= r.bit }
        for r in profile.rolesNeedingSupervision { supervised |= r.bit }
        self.allowedRoleBits = allowed
        self.supervisedRoleBits = supervised
    }
    static let fallback = PayerProfileBox(.fallback)
}
