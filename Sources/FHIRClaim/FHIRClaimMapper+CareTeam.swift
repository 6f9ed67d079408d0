import ClaimRules

extension FHIRClaimMapper {
    /// A provider as read from a care team member or from `Claim.provider`, with where each part came from.
    struct Party {
        var npi: String?
        var role: Role?
        var taxonomy: String?
        /// Where the role was read (or would be): the qualification element.
        var rolePath: String
        /// The reference to the provider resource.
        var npiPath: String
        /// The resource type the reference resolved to, if it did.
        var resourceType: String?
    }

    /// One `Claim.careTeam` entry.
    struct Member {
        var sequence: Int
        var path: String
        /// `claimcareteamrole` code: primary, assist, supervisor, other (nil when absent).
        var roleCode: String?
        var responsible: Bool
        var party: Party
        /// Stable within the claim, for telling practitioners apart (`clinicianId`); never printed.
        var key: String
    }

    struct CareTeam {
        var members: [Member] = []
        var indexOfSequence: [Int: Int] = [:]
    }

    mutating func mapCareTeam() -> CareTeam {
        var team = CareTeam()
        for entry in array(node, "careTeam", limit: FHIRClaimMapper.maxCareTeam) {
            guard case .object = entry.value else {
                invalid(entry, "a careTeam entry must be a JSON object, found \(entry.value.typeName)")
                continue
            }
            guard let sequenceNode = entry.child("sequence") else {
                report(.elementInvalid, .error, .required, "careTeam.sequence is required", at: [entry.path])
                continue
            }
            guard let sequence = positiveInt(sequenceNode, what: "careTeam.sequence") else { continue }
            guard team.indexOfSequence[sequence] == nil else {
                report(.sequenceDuplicate, .error, .value, "two careTeam entries have the same sequence", at: [sequenceNode.path])
                continue
            }
            let roleCode = entry.child("role")?.codings.first { $0.system == FHIRSystem.careTeamRole || $0.system == nil }?.code
            let party = self.party(reference: entry.child("provider"), qualification: entry.child("qualification"),
                                   referrer: source, at: entry)
            let key = party.npi.map { "npi:" + $0 } ?? entry.child("provider")?.value["reference"]?.stringValue ?? "careTeam:\(sequence)"
            team.indexOfSequence[sequence] = team.members.count
            team.members.append(Member(sequence: sequence, path: entry.path, roleCode: roleCode,
                                       responsible: entry.value["responsible"]?.boolValue ?? false, party: party, key: key))
        }
        return team
    }

    /// Reads a provider: role and taxonomy from `qualification` (our provider-role code or a NUCC
    /// taxonomy code), else from the resource the reference resolves to (Practitioner.qualification,
    /// PractitionerRole.code/specialty and its practitioner); the NPI from the resource's or the logical
    /// reference's identifiers.
    mutating func party(reference: FHIRNode?, qualification: FHIRNode?, referrer: FHIRResource, at owner: FHIRNode) -> Party {
        var party = Party(rolePath: (qualification ?? owner).path, npiPath: (reference ?? owner).path)
        if let qualification { adopt(qualification.codings, into: &party, at: qualification.path) }
        guard let reference else { return party }
        if party.npi == nil { party.npi = Self.npi(in: reference.identifiers) }
        guard let resource = resolver.resolve(reference, from: referrer) else {
            if FHIRReferenceResolver.hasReference(reference) {
                report(.referenceUnresolved, .warning, .notFound,
                       "the provider reference matches no contained resource and no Bundle entry; its NPI and role are not read",
                       fix: "Send the Practitioner in Claim.contained or in the Bundle, or state the role in careTeam.qualification.",
                       at: [reference.path])
            }
            return party
        }
        party.resourceType = resource.resourceType
        if party.npi == nil { party.npi = Self.npi(in: resource.node.identifiers) }
        switch resource.resourceType {
        case "Practitioner":
            readPractitioner(resource, into: &party)
        case "PractitionerRole":
            for key in ["code", "specialty"] {
                for concept in resource.node.child(key)?.elements ?? [] where party.role == nil {
                    adopt(concept.codings, into: &party, at: concept.path)
                }
            }
            if let practitionerReference = resource.node.child("practitioner") {
                if party.npi == nil { party.npi = Self.npi(in: practitionerReference.identifiers) }
                if let practitioner = resolver.resolve(practitionerReference, from: resource),
                   practitioner.resourceType == "Practitioner" {
                    if party.npi == nil { party.npi = Self.npi(in: practitioner.node.identifiers) }
                    readPractitioner(practitioner, into: &party)
                }
            }
        default:
            break
        }
        return party
    }

    private mutating func readPractitioner(_ practitioner: FHIRResource, into party: inout Party) {
        for qualification in practitioner.node.child("qualification")?.elements ?? [] where party.role == nil {
            if let code = qualification.child("code") { adopt(code.codings, into: &party, at: code.path) }
        }
    }

    /// Takes the role (and NUCC taxonomy) from codings, if they state one and none is known yet.
    private func adopt(_ codings: [(system: String?, code: String)], into party: inout Party, at path: String) {
        guard party.role == nil else { return }
        for coding in codings where coding.system == FHIRSystem.providerRole {
            if let role = Role(rawValue: coding.code) {
                party.role = role
                party.rolePath = path
                return
            }
        }
        for coding in codings where coding.system.map(FHIRSystem.nucc.contains) ?? false {
            if party.taxonomy == nil { party.taxonomy = coding.code }
            if let role = ProviderTaxonomy.role(nucc: coding.code) {
                party.role = role
                party.taxonomy = coding.code
                party.rolePath = path
                return
            }
        }
    }

    static func npi(in identifiers: [(system: String?, value: String)]) -> String? {
        identifiers.first { $0.system.map(FHIRSystem.npi.contains) ?? false }?.value
    }

    /// The care team member an item names as its rendering provider: role primary, else responsible,
    /// else the first member without a role (assistants, supervisors and others never render).
    static func primary(of members: [Int], in team: CareTeam) -> Int? {
        members.first { team.members[$0].roleCode == "primary" }
            ?? members.first { team.members[$0].responsible && team.members[$0].roleCode == nil }
            ?? members.first { team.members[$0].roleCode == nil }
    }

    /// The claim's rendering provider and supervisor.
    mutating func renderingAndSupervisor(team: CareTeam, items: [Item]) -> (Claim.Provider, Claim.Supervisor?) {
        let all = Array(team.members.indices)
        let rendering = items.lazy.compactMap(\.primary).first ?? FHIRClaimMapper.primary(of: all, in: team)
        var provider = Claim.Provider(role: .other)
        if let rendering {
            let member = team.members[rendering]
            provider = Claim.Provider(npi: member.party.npi, role: member.party.role ?? .other, taxonomy: member.party.taxonomy)
            paths.set("/provider", member.path)
            paths.set("/provider/npi", member.party.npiPath)
            paths.set("/provider/role", member.party.rolePath)
            paths.set("/provider/taxonomy", member.party.rolePath)
            if member.party.role == nil {
                report(.providerRoleUnknown, .error, .required, "the rendering provider's role cannot be read",
                       fix: "Give careTeam.qualification a NUCC taxonomy coding (e.g. 225100000X, physical therapist) or a code of \(FHIRSystem.providerRole).",
                       at: [member.party.rolePath], covers: ["/provider", "/provider/role"])
            }
            let roles = Set(items.compactMap(\.primary).compactMap { team.members[$0].party.role })
            if roles.count > 1 {
                report(.renderingProvidersDiffer, .warning, .businessRule,
                       "the items name rendering providers of different roles; the claim is checked under the first one's role",
                       fix: "Send one claim per rendering discipline.",
                       at: Array(Set(items.compactMap(\.primary).map { team.members[$0].path })).sorted())
            }
        } else if let billing = billingParty, let role = billing.role,
                  billing.resourceType == "Practitioner" || billing.resourceType == "PractitionerRole" {
            // No care team: the billing practitioner rendered the service (837P: rendering = billing).
            provider = Claim.Provider(npi: billing.npi, role: role, taxonomy: billing.taxonomy)
            paths.set("/provider", node.path + ".provider")
            paths.set("/provider/role", billing.rolePath)
        } else {
            let at = node.child("careTeam")?.path ?? node.path
            report(.renderingProviderUnknown, .error, .required, "no care team member can be read as the rendering provider",
                   fix: "Add a careTeam entry with role primary and the practitioner's NUCC taxonomy in qualification, and reference it from item.careTeamSequence.",
                   at: [at], covers: ["/provider", "/provider/role"])
            paths.set("/provider", at)
        }

        guard let s = team.members.firstIndex(where: { $0.roleCode == "supervisor" }) else { return (provider, nil) }
        let member = team.members[s]
        paths.set("/supervisor", member.path)
        paths.set("/supervisor/npi", member.party.npiPath)
        paths.set("/supervisor/role", member.party.rolePath)
        if member.party.role == nil {
            report(.providerRoleUnknown, .error, .required, "the supervisor's role cannot be read",
                   fix: "Give the supervisor's careTeam.qualification a NUCC taxonomy coding or a code of \(FHIRSystem.providerRole).",
                   at: [member.party.rolePath], covers: ["/supervisor", "/supervisor/role"])
        }
        return (provider, Claim.Supervisor(npi: member.party.npi, role: member.party.role ?? .other))
    }
}
