/// One problem found while reading wire JSON: an RFC 6901 pointer and a plain-English message.
struct WireProblem: Equatable, Sendable {
    var pointer: String
    var message: String
}
