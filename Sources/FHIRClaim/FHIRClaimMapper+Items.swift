import ClaimRules
import StrictJSON

extension FHIRClaimMapper {
    /// One mapped `Claim.item`: the line and its rendering care team member (index in `CareTeam.members`).
    struct Item {
        var line: Claim.Line
        var primary: Int?
    }

    mutating func mapItems(diagnoses: Diagnoses, team: CareTeam) -> [Item] {
        paths.set("/lines", node.child("item")?.path ?? node.path + ".item")
        var items: [Item] = []
        var minutesInfoReported: Set<String> = []
        for item in array(node, "item", limit: ClaimValidator.maxLines, covers: ["/lines"]) {
            guard case .object = item.value else {
                invalid(item, "an item must be a JSON object, found \(item.value.typeName)")
                continue
            }
            let base = "/lines/\(items.count)"
            paths.set(base, item.path)
            let code = product(item, base: base)
            let modifiers = self.modifiers(item, base: base)
            let (date, through) = serviceDates(item, base: base)
            let placeOfService = self.placeOfService(item, base: base)
            // Where minutes would go when the item has none (a finding may ask for them).
            paths.set(base + "/minutes", item.path + ".extension('\(FHIRSystem.therapyMinutes)')")
            let (units, minutes, quantityIsMinutes) = quantity(item, base: base)
            let charge = self.charge(item, base: base, units: units, quantityIsMinutes: quantityIsMinutes)

            var members: [Int] = []
            let teamPath = item.child("careTeamSequence")?.path ?? item.path
            paths.set(base + "/assistantInvolved", teamPath)
            paths.set(base + "/clinicianId", teamPath)
            for entry in array(item, "careTeamSequence", limit: FHIRClaimMapper.maxSequences) {
                guard let sequence = positiveInt(entry, what: "careTeamSequence") else { continue }
                if let member = team.indexOfSequence[sequence] {
                    members.append(member)
                } else {
                    report(.sequenceUnresolved, .error, .value, "careTeamSequence matches no careTeam.sequence", at: [entry.path], covers: [base])
                }
            }
            let assistant = members.contains { team.members[$0].roleCode == "assist" }

            var pointers: [Int]?
            if let list = item.child("diagnosisSequence") {
                paths.set(base + "/diagnosisPointers", list.path)
                var read: [Int] = []
                for entry in array(item, "diagnosisSequence", limit: FHIRClaimMapper.maxSequences) {
                    guard let sequence = positiveInt(entry, what: "diagnosisSequence") else { continue }
                    if let position = diagnoses.positionOfSequence[sequence] {
                        paths.set(base + "/diagnosisPointers/\(read.count)", entry.path)
                        read.append(position)
                    } else if diagnoses.sequencesArePositions, sequence <= ClaimValidator.maxDiagnoses {
                        // Sequences numbered 1...n: a pointer past the list is the same mistake as pointer 3 of 2
                        // diagnoses in our JSON or an 837P SV107, and gets the same finding (DIAGNOSIS_POINTER_INVALID).
                        paths.set(base + "/diagnosisPointers/\(read.count)", entry.path)
                        read.append(sequence)
                    } else if !diagnoses.unusable.contains(sequence) {
                        report(.sequenceUnresolved, .error, .value, "diagnosisSequence matches no diagnosis.sequence",
                               fix: "Point at the sequence value of a diagnosis (not at its position in the list).",
                               at: [entry.path], covers: [base + "/diagnosisPointers"])
                    }
                }
                pointers = read
            }
            for entry in item.child("informationSequence")?.elements ?? [] {
                reportMinutesInSupportingInfo(entry, reported: &minutesInfoReported)
            }

            let line = Claim.Line(code: code, dateOfService: date, dateOfServiceThrough: through, minutes: minutes, units: units,
                                  modifiers: modifiers, assistantInvolved: assistant ? true : nil,
                                  diagnosisPointers: pointers, charge: charge, placeOfService: placeOfService)
            items.append(Item(line: line, primary: FHIRClaimMapper.primary(of: members, in: team)))
        }
        return items
    }

    /// The CPT or HCPCS code of `productOrService` ("" with an error when there is none).
    private mutating func product(_ item: FHIRNode, base: String) -> String {
        guard let product = item.child("productOrService") else {
            paths.set(base + "/code", item.path + ".productOrService")
            report(.productNotCPTOrHCPCS, .error, .required, "item.productOrService is required",
                   at: [item.path], covers: [base + "/code"])
            return ""
        }
        paths.set(base + "/code", product.path)
        let isProcedureSystem: (String?) -> Bool = { $0.map { FHIRSystem.cpt.contains($0) || FHIRSystem.hcpcs.contains($0) } ?? false }
        if let coding = product.codings.first(where: { isProcedureSystem($0.system) }) { return coding.code }
        report(.productNotCPTOrHCPCS, .error, .codeInvalid, "item.productOrService has no CPT or HCPCS coding",
               fix: "Code the service in CPT (http://www.ama-assn.org/go/cpt) or HCPCS (https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets).",
               at: [product.path], covers: [base + "/code"])
        return ""
    }

    /// The modifier codes in order: from a CPT, HCPCS or HL7 modifier coding, else any coding with a code.
    private mutating func modifiers(_ item: FHIRNode, base: String) -> [String]? {
        guard let list = item.child("modifier") else { return nil }
        paths.set(base + "/modifiers", list.path)
        let known: (String?) -> Bool = { system in
            system.map { FHIRSystem.cpt.contains($0) || FHIRSystem.hcpcs.contains($0) || $0 == FHIRSystem.hl7Modifiers } ?? false
        }
        var result: [String] = []
        for modifier in array(item, "modifier", limit: ClaimValidator.maxModifiers + 1, covers: [base + "/modifiers"]) {
            let codings = modifier.codings
            guard let chosen = codings.first(where: { known($0.system) }) ?? codings.first else {
                report(.modifierNotCoded, .error, .required, "the modifier has no coding with a code", at: [modifier.path])
                continue
            }
            paths.set(base + "/modifiers/\(result.count)", modifier.path)
            result.append(chosen.code)
        }
        return result
    }

    /// `servicedDate`, or `servicedPeriod` start and (when another day) end.
    private mutating func serviceDates(_ item: FHIRNode, base: String) -> (CalendarDate?, CalendarDate?) {
        let covers = [base + "/dateOfService", "/dateOfService"]
        let single = item.child("servicedDate"), period = item.child("servicedPeriod")
        paths.set(base + "/dateOfService", (single ?? period ?? item).path)
        if single != nil && period != nil {
            invalid(item, "servicedDate and servicedPeriod are a choice: send one", covers: covers)
            return (nil, nil)
        }
        if let single { return (date(single, what: "servicedDate", covers: covers), nil) }
        guard let period else {
            report(.serviceDateMissing, .error, .required, "the item has neither servicedDate nor servicedPeriod",
                   fix: "Send the date of service in item.servicedDate (or item.servicedPeriod for a range).",
                   at: [item.path], covers: covers)
            return (nil, nil)
        }
        guard let startNode = period.child("start") else {
            report(.serviceDateMissing, .error, .required, "servicedPeriod has no start", at: [period.path], covers: covers)
            return (nil, nil)
        }
        paths.set(base + "/dateOfService", startNode.path)
        let start = date(startNode, what: "servicedPeriod.start", covers: covers)
        guard let endNode = period.child("end") else { return (start, nil) }
        paths.set(base + "/dateOfServiceThrough", endNode.path)
        let end = date(endNode, what: "servicedPeriod.end", covers: [base + "/dateOfServiceThrough"])
        return (start, end == start ? nil : end)
    }

    /// The CMS place-of-service code of `locationCodeableConcept`.
    private mutating func placeOfService(_ item: FHIRNode, base: String) -> String? {
        guard let location = item.child("locationCodeableConcept") else { return nil }
        paths.set(base + "/placeOfService", location.path)
        let isPOS: (String?) -> Bool = { system in
            guard let system else { return false }
            return system == FHIRSystem.placeOfServiceOID || FHIRSystem.placeOfServicePrefixes.contains { system.hasPrefix($0) }
        }
        if let coding = location.codings.first(where: { isPOS($0.system) }) { return coding.code }
        report(.placeOfServiceNotCMS, .warning, .codeInvalid,
               "item.locationCodeableConcept has no CMS place-of-service coding; the place of service is not checked",
               at: [location.path])
        return nil
    }

    /// Units and minutes from `quantity` (absent = 1 unit; UCUM `min` = minutes) and the therapy-minutes
    /// extension.
    private mutating func quantity(_ item: FHIRNode, base: String) -> (units: Int?, minutes: Int?, isMinutes: Bool) {
        var units: Int?, minutes: Int?, isMinutes = false
        if let quantity = item.child("quantity") {
            paths.set(base + "/units", quantity.path)
            if case .object = quantity.value {
                let read = wholeQuantity(quantity, what: "quantity", covers: [base + "/units"])
                if let value = read.value {
                    switch read.kind {
                    case .minutes:
                        minutes = value
                        isMinutes = true
                        paths.set(base + "/minutes", quantity.path)
                    case .count: units = value
                    case .other:
                        report(.quantityNotSupported, .error, .value,
                               "item.quantity is neither a count of units nor a number of minutes (UCUM min)",
                               fix: "Send units as a plain count (no unit), or minutes with system http://unitsofmeasure.org and code min.",
                               at: [quantity.path], covers: [base + "/units"])
                    }
                }
            } else {
                invalid(quantity, "quantity must be a JSON object, found \(quantity.value.typeName)", covers: [base + "/units"])
            }
        } else {
            units = 1
            paths.set(base + "/units", item.path)
            report(.quantityDefaulted, .information, .informational, "item.quantity is absent; the item is read as 1 unit",
                   at: [item.path + ".quantity"])
        }
        for ext in item.child("extension")?.elements ?? [] where ext.value["url"]?.stringValue == FHIRSystem.therapyMinutes {
            guard let value = ext.child("valueDuration") ?? ext.child("valueQuantity") else {
                invalid(ext, "the therapy-minutes extension needs a valueDuration", covers: [base + "/minutes"])
                continue
            }
            let read = wholeQuantity(value, what: "the therapy-minutes value", covers: [base + "/minutes"])
            guard let count = read.value else { continue }
            guard read.kind == .minutes || read.kind == .count && value.value["unit"] == nil && value.value["code"] == nil else {
                report(.quantityNotSupported, .error, .value, "the therapy-minutes value must be in minutes (UCUM min)",
                       at: [value.path], covers: [base + "/minutes"])
                continue
            }
            if let minutes, minutes != count {
                report(.minutesConflict, .error, .conflict,
                       "item.quantity in minutes and the therapy-minutes extension disagree", at: [value.path, base], covers: [base + "/minutes"])
                continue
            }
            minutes = count
            paths.set(base + "/minutes", value.path)
        }
        return (units, minutes, isMinutes)
    }

    enum QuantityKind { case count, minutes, other }

    /// A Quantity's whole-number value and what its unit says it counts.
    private mutating func wholeQuantity(_ node: FHIRNode, what: String, covers: [String]) -> (value: Int?, kind: QuantityKind) {
        let code = node.value["code"]?.stringValue, system = node.value["system"]?.stringValue
        let unit = node.value["unit"]?.stringValue?.lowercased()
        let ucum = system == nil || system == FHIRSystem.ucum
        let kind: QuantityKind
        if (code == "min" && ucum) || (code == nil && ["min", "mins", "minute", "minutes"].contains(unit ?? "")) {
            kind = .minutes
        } else if (code == nil && (unit == nil || ["unit", "units", "un"].contains(unit ?? ""))) || (ucum && ["1", "{unit}", "{units}", "{#}"].contains(code ?? "")) {
            kind = .count
        } else {
            kind = .other
        }
        guard let valueNode = node.child("value") else {
            report(.elementInvalid, .error, .required, "\(what) has no value", at: [node.path], covers: covers)
            return (nil, kind)
        }
        guard case .number(let number) = valueNode.value, let whole = FHIRClaimMapper.whole(number) else {
            report(.quantityNotSupported, .error, .value, "\(what) must be a whole number", at: [valueNode.path], covers: covers)
            return (nil, kind)
        }
        return (whole, kind)
    }

    /// The line's charge: `net`, else `unitPrice` × quantity when there is no factor. A `net` that differs
    /// from quantity × unitPrice × factor is a warning.
    private mutating func charge(_ item: FHIRNode, base: String, units: Int?, quantityIsMinutes: Bool) -> Money? {
        let net = item.child("net")
        let charge = net.flatMap { money($0, pointer: base + "/charge") }
        guard !quantityIsMinutes, let priceNode = item.child("unitPrice") else { return charge }
        let netPath = paths.expression(for: base + "/charge")
        guard let price = money(priceNode, pointer: base + "/unitPrice") else { return charge }
        let factor = item.child("factor").flatMap { $0.value.doubleValue }
        let expected = Double(price.cents) * Double(units ?? 1) * (factor ?? 1)
        if let charge {
            if abs(expected - Double(charge.cents)) >= 0.5 {
                report(.netMismatch, .warning, .value, "item.net differs from quantity × unitPrice × factor",
                       at: [netPath, priceNode.path])
            }
            return charge
        }
        guard net == nil, factor == nil, expected.isFinite, expected >= 0, expected < 1e14 else { return charge }
        paths.set(base + "/charge", priceNode.path)
        return Money(cents: Int64(expected.rounded()))
    }

    /// Minutes sent as supportingInfo (a non-standard habit) are not read: say so once per entry.
    private mutating func reportMinutesInSupportingInfo(_ sequence: FHIRNode, reported: inout Set<String>) {
        guard case .number(let number) = sequence.value, let wanted = number.int64Value else { return }
        for info in node.child("supportingInfo")?.elements ?? [] where info.value["sequence"]?.int64Value == wanted {
            guard let quantity = info.child("valueQuantity"),
                  quantity.value["code"]?.stringValue == "min" || quantity.value["unit"]?.stringValue == "min",
                  reported.insert(info.path).inserted else { continue }
            report(.minutesNotRead, .information, .informational,
                   "minutes in supportingInfo are not read; the units are checked without them",
                   fix: "Send each item's one-on-one minutes in the extension \(FHIRSystem.therapyMinutes).", at: [info.path])
        }
    }
}
