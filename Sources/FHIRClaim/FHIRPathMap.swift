/// Where in the submitted FHIR document each field of the mapped `Claim` came from: RFC 6901 pointers
/// into our claim model (`/lines/1/modifiers/0`, as `ClaimValidator` reports them) to FHIRPath
/// expressions (`Claim.item[1].modifier[0]`).
public struct FHIRPathMap: Sendable, Equatable {
    private var paths: [String: String] = [:]
    /// The expression for pointers nothing more specific matches (the Claim itself).
    public let root: String

    public init(root: String) { self.root = root }

    mutating func set(_ pointer: String, _ expression: String) { paths[pointer] = expression }

    /// The expression recorded for `pointer`, else for its nearest recorded parent, else `root`.
    public func expression(for pointer: String) -> String {
        var current = Substring(pointer)
        while true {
            if let hit = paths[String(current)] { return hit }
            guard let slash = current.lastIndex(of: "/") else { return root }
            current = current[..<slash]
        }
    }
}
