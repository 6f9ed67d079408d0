/// Resolves FHIR references inside the submitted document: `#id` to a resource contained in the
/// referring resource's container, anything else to a Bundle entry by `fullUrl` or by `Type/id`.
///
/// Every resolution is one lookup, never a walk: a chain the mapping follows (Claim → Coverage →
/// Organization, care team → PractitionerRole → Practitioner) has a fixed length, so reference cycles
/// in contained resources or Bundle entries cannot make it loop.
struct FHIRReferenceResolver {
    private var byFullURL: [String: FHIRNode] = [:]
    private var byTypeAndID: [String: FHIRNode] = [:]

    /// Indexes the entries of a Bundle (none for a lone Claim). Duplicate keys: the first entry wins.
    init(bundleEntries: [FHIRNode]) {
        for entry in bundleEntries {
            guard let resource = entry.child("resource"), case .object = resource.value else { continue }
            if let fullURL = entry.value["fullUrl"]?.stringValue, byFullURL[fullURL] == nil {
                byFullURL[fullURL] = resource
            }
            if let type = resource.resourceType, let id = resource.id {
                let key = type + "/" + id
                if byTypeAndID[key] == nil { byTypeAndID[key] = resource }
            }
        }
    }

    /// The resource a Reference node inside `referrer` points at, when it is in the document.
    func resolve(_ reference: FHIRNode, from referrer: FHIRResource) -> FHIRResource? {
        guard let text = reference.value["reference"]?.stringValue, !text.isEmpty else { return nil }
        if text.hasPrefix("#") {
            let id = text.dropFirst()
            guard !id.isEmpty,
                  let hit = referrer.container.child("contained")?.elements.first(where: { $0.id.map { $0 == id } ?? false })
            else { return nil }
            return FHIRResource(node: hit, container: referrer.container)
        }
        if let hit = byFullURL[text] { return FHIRResource(node: hit, container: hit) }
        // A relative `Type/id`, or an absolute URL ending in `/Type/id` (optionally `/_history/n`).
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 4, parts[parts.count - 2] == "_history" { parts.removeLast(2) }
        guard parts.count >= 2, let hit = byTypeAndID[parts[parts.count - 2] + "/" + parts[parts.count - 1]] else { return nil }
        return FHIRResource(node: hit, container: hit)
    }

    /// True when the reference is written as one this document could resolve (not a logical
    /// identifier-only reference, which needs no resolving).
    static func hasReference(_ reference: FHIRNode) -> Bool {
        !(reference.value["reference"]?.stringValue ?? "").isEmpty
    }
}

/// A resource in the submitted document and the resource whose `contained` list its `#id` references
/// search: the Claim for the Claim and its contained resources, itself for a Bundle entry's resource.
struct FHIRResource {
    let node: FHIRNode
    let container: FHIRNode

    var resourceType: String? { node.resourceType }
}
