import ClaimRules
import StrictJSON

/// Reads a FHIR request body: a `Claim`, a `Parameters` whose `resource` parameter holds one (FHIR's
/// `$validate` input), or a `Bundle` holding one Claim and the resources it references. Parses with
/// StrictJSON (RFC 8259, duplicate keys rejected, depth and size limits).
public struct FHIRClaimReader: Sendable {
    /// What a body turned out to be.
    public enum Outcome: Sendable {
        /// Not JSON, or JSON that is not a FHIR resource (HTTP 400).
        case notFHIR(FHIRIssue)
        /// A FHIR resource we do not validate, or a Parameters/Bundle without exactly one Claim (HTTP 422).
        case unsupported(FHIRIssue)
        /// A Claim, mapped.
        case claim(FHIRClaimMapping)
    }

    public var payerMap: PayerMap
    public var readerOptions: JSONReader.Options

    public init(payerMap: PayerMap = PayerMap(), readerOptions: JSONReader.Options = .default) {
        self.payerMap = payerMap
        self.readerOptions = readerOptions
    }

    public func read(_ body: [UInt8]) -> Outcome {
        let value: JSONValue
        do {
            value = try JSONReader(options: readerOptions).parse(body)
        } catch {
            return .notFHIR(FHIRIssue(.notJSON, .error, .structure,
                                      "the body is not well-formed JSON: line \(error.line), column \(error.column): \(error.message)",
                                      fix: "Send one FHIR resource as UTF-8 JSON (RFC 8259).", at: []))
        }
        guard case .object = value, let type = value["resourceType"]?.stringValue, !type.isEmpty else {
            return .notFHIR(FHIRIssue(.notFHIR, .error, .structure,
                                      "the body is JSON but not a FHIR resource: it needs to be an object with a resourceType",
                                      fix: "Send a Claim, a Parameters with a resource parameter, or a Bundle.", at: []))
        }
        let root = FHIRNode(value: value, path: type)
        switch type {
        case "Claim":
            return .claim(map(FHIRResource(node: root, container: root), bundleEntries: []))
        case "Parameters":
            return parameters(root)
        case "Bundle":
            return bundle(root)
        default:
            return .unsupported(FHIRIssue(.resourceNotSupported, .error, .notSupported,
                                          "a \(type) resource cannot be validated here",
                                          fix: "Send a Claim, a Parameters with a resource parameter holding it, or a Bundle holding it.",
                                          at: [type]))
        }
    }

    private func map(_ claim: FHIRResource, bundleEntries: [FHIRNode]) -> FHIRClaimMapping {
        var mapper = FHIRClaimMapper(claim: claim, resolver: FHIRReferenceResolver(bundleEntries: bundleEntries), payerMap: payerMap)
        return mapper.map()
    }

    /// `$validate`'s input: the `resource` parameter (a Claim, or a Bundle holding one).
    private func parameters(_ root: FHIRNode) -> Outcome {
        let parameters = root.child("parameter")?.elements ?? []
        guard let parameter = parameters.first(where: { $0.value["name"]?.stringValue == "resource" }),
              let resource = parameter.child("resource"), case .object = resource.value else {
            return .unsupported(FHIRIssue(.claimNotFound, .error, .required, "the Parameters has no resource parameter holding a resource",
                                          fix: "Put the Claim in Parameters.parameter (name resource).resource.",
                                          at: [root.child("parameter")?.path ?? "Parameters"]))
        }
        switch resource.resourceType {
        case "Claim": return .claim(map(FHIRResource(node: resource, container: resource), bundleEntries: []))
        case "Bundle": return bundle(resource)
        default:
            return .unsupported(FHIRIssue(.resourceNotSupported, .error, .notSupported,
                                          "the resource parameter holds a \(resource.resourceType ?? "resource without resourceType"), not a Claim",
                                          at: [resource.path]))
        }
    }

    /// A Bundle holding exactly one Claim and, optionally, the resources it references.
    private func bundle(_ root: FHIRNode) -> Outcome {
        let entries = root.child("entry")?.elements ?? []
        let claims = entries.compactMap { entry -> FHIRNode? in
            guard let resource = entry.child("resource"), resource.resourceType == "Claim", case .object = resource.value else { return nil }
            return resource
        }
        guard claims.count == 1, let claim = claims.first else {
            return .unsupported(FHIRIssue(.claimNotFound, .error, claims.isEmpty ? .required : .notSupported,
                                          claims.isEmpty ? "the Bundle holds no Claim" : "the Bundle holds \(claims.count) Claims; send one per request",
                                          at: [root.child("entry")?.path ?? root.path]))
        }
        return .claim(map(FHIRResource(node: claim, container: claim), bundleEntries: entries))
    }
}
