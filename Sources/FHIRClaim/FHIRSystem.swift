/// Canonical URLs: the code systems and identifier systems the mapping reads, and the URLs of our own
/// definitions.
///
/// Our URLs live under `https://claim-scrubber.dev/fhir/` and are never reused for another meaning: a
/// definition that changes incompatibly gets a new URL. They identify; they need not resolve (every
/// running service serves the definitions under `/fhir/r4/`).
public enum FHIRSystem {
    /// The base of our canonical URLs.
    public static let base = "https://claim-scrubber.dev/fhir"
    /// Our CodeSystem of issue codes: every finding id of the catalog plus the input codes of
    /// `FHIRInputCode` (`details.coding.system` of every issue we emit).
    public static let issueCodes = base + "/CodeSystem/claim-scrubber-issue"
    /// The item extension carrying one-on-one minutes (`valueDuration`, UCUM `min`).
    public static let therapyMinutes = base + "/StructureDefinition/therapy-minutes"
    /// A CodeSystem whose codes are our payer profile ids (`medicare`, ...): a `Coverage.type` coding in
    /// it selects the profile directly.
    public static let payerProfile = base + "/CodeSystem/payer-profile"
    /// A CodeSystem whose codes are our provider roles (`PT`, `PTA`, `PT-student`, ...): a care team
    /// qualification coding in it states the role directly (students have no NUCC taxonomy code).
    public static let providerRole = base + "/CodeSystem/provider-role"
    /// The canonical URL of the `$validate` operation we define.
    public static let operationDefinition = base + "/OperationDefinition/claim-scrub"

    // MARK: Code systems we read

    /// CPT (AMA), HL7 terminology's URI and OID.
    static let cpt: Set<String> = ["http://www.ama-assn.org/go/cpt", "urn:oid:2.16.840.1.113883.6.12"]
    /// HCPCS Level II (CMS) and HL7's all-levels system.
    static let hcpcs: Set<String> = [
        "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        "http://terminology.hl7.org/CodeSystem/HCPCS-all-codes", "urn:oid:2.16.840.1.113883.6.285",
        "urn:oid:2.16.840.1.113883.6.14",
    ]
    /// HL7's example modifier code system (used by the R4 examples).
    static let hl7Modifiers = "http://terminology.hl7.org/CodeSystem/modifiers"
    /// ICD-10-CM (NCHS), HL7's URI and OID.
    static let icd10cm: Set<String> = ["http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:2.16.840.1.113883.6.90"]
    /// UCUM.
    static let ucum = "http://unitsofmeasure.org"
    /// CMS place-of-service code set (any URL under this prefix) and its OID.
    static let placeOfServicePrefixes = ["https://www.cms.gov/Medicare/Coding/place-of-service-codes",
                                         "http://www.cms.gov/Medicare/Coding/place-of-service-codes"]
    static let placeOfServiceOID = "urn:oid:2.16.840.1.113883.6.50"
    /// NUCC health care provider taxonomy.
    static let nucc: Set<String> = ["http://nucc.org/provider-taxonomy", "urn:oid:2.16.840.1.113883.6.101"]
    /// The claim care team role code system (primary, assist, supervisor, other).
    static let careTeamRole = "http://terminology.hl7.org/CodeSystem/claimcareteamrole"
    /// National Provider Identifier.
    static let npi: Set<String> = ["http://hl7.org/fhir/sid/us-npi", "urn:oid:2.16.840.1.113883.4.6"]
    /// X12 claim filing indicator code (element 1032, 837P SBR09), as the Da Vinci guides spell X12 code lists.
    public static let x12ClaimFilingIndicator = "https://codesystem.x12.org/005010/1032"
    /// Source of Payment Typology (PHDSC), HL7 terminology's URI and OID.
    public static let sopt = "https://nahdo.org/sopt"
    public static let soptOID = "urn:oid:2.16.840.1.113883.3.221.5"
}
