import ClaimRules

extension FHIRClaimMapper {
    /// The claim's diagnoses in `sequence` order, and each sequence value's 1-based position in that
    /// order (FHIR's `item.diagnosisSequence` points by sequence value; our `diagnosisPointers` by position).
    struct Diagnoses {
        var codes: [String] = []
        var positionOfSequence: [Int: Int] = [:]
        /// Sequences of diagnoses already reported as unusable (pointers to them are not reported again).
        var unusable: Set<Int> = []

        /// Every diagnosis was read and their sequences are 1, 2, ... n, so a sequence value is a position.
        var sequencesArePositions: Bool {
            unusable.isEmpty && positionOfSequence.allSatisfy { $0.key == $0.value }
        }
    }

    mutating func mapDiagnoses() -> Diagnoses {
        var result = Diagnoses()
        var read: [(sequence: Int, code: String, path: String)] = []
        var seen: Set<Int> = []
        let entries = array(node, "diagnosis", limit: FHIRClaimMapper.maxDiagnoses, covers: ["/diagnoses"])
        if let list = node.child("diagnosis") { paths.set("/diagnoses", list.path) }
        for entry in entries {
            guard case .object = entry.value else {
                invalid(entry, "a diagnosis must be a JSON object, found \(entry.value.typeName)")
                continue
            }
            guard let sequenceNode = entry.child("sequence") else {
                report(.elementInvalid, .error, .required, "diagnosis.sequence is required", at: [entry.path])
                continue
            }
            guard let sequence = positiveInt(sequenceNode, what: "diagnosis.sequence") else { continue }
            guard seen.insert(sequence).inserted else {
                report(.sequenceDuplicate, .error, .value, "two diagnoses have the same sequence", at: [sequenceNode.path])
                continue
            }
            guard let code = icd10cm(of: entry) else {
                result.unusable.insert(sequence)
                report(.diagnosisNotICD10CM, .error, .codeInvalid, "the diagnosis has no ICD-10-CM coding",
                       fix: "Code the diagnosis in ICD-10-CM (system http://hl7.org/fhir/sid/icd-10-cm).",
                       at: [(entry.child("diagnosisCodeableConcept") ?? entry.child("diagnosisReference") ?? entry).path])
                continue
            }
            read.append((sequence, code, entry.path))
        }
        read.sort { $0.sequence < $1.sequence }
        for (position, diagnosis) in read.enumerated() {
            result.codes.append(diagnosis.code)
            result.positionOfSequence[diagnosis.sequence] = position + 1
            paths.set("/diagnoses/\(position)", diagnosis.path)
        }
        return result
    }

    /// The ICD-10-CM code of a diagnosis entry: its CodeableConcept, or the code of the Condition its
    /// reference resolves to.
    mutating func icd10cm(of entry: FHIRNode) -> String? {
        if let concept = entry.child("diagnosisCodeableConcept") {
            return concept.codings.first { $0.system.map(FHIRSystem.icd10cm.contains) ?? false }?.code
        }
        guard let reference = entry.child("diagnosisReference") else { return nil }
        guard let condition = resolver.resolve(reference, from: source) else {
            if FHIRReferenceResolver.hasReference(reference) {
                report(.referenceUnresolved, .warning, .notFound,
                       "diagnosisReference matches no contained resource and no Bundle entry", at: [reference.path])
            }
            return nil
        }
        return condition.node.child("code")?.codings.first { $0.system.map(FHIRSystem.icd10cm.contains) ?? false }?.code
    }
}
