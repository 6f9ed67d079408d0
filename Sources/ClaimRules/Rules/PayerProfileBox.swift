/// An immutable box around a payer profile, so the engine holds it with one reference count (internal).
final class PayerProfileBox: Sendable {
    let profile: PayerProfile
    init(_ profile: PayerProfile) { self.profile = profile }
    static let fallback = PayerProfileBox(.fallback)
}
