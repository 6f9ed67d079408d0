public import ClaimRules

/// The window of dates of service an imported ICD-10-CM release is for: a fiscal year (October 1 of the
/// year before to September 30), or the rest of it from a mid-year update's effective date (April 1).
public struct ICD10CMImportWindow: Sendable, Equatable {
    /// The fiscal year, e.g. 2027 for October 1, 2026 to September 30, 2027.
    public let fiscalYear: Int
    public let effective: CalendarDate
    public let through: CalendarDate

    /// The whole fiscal year, or from `effective` (which must fall inside it) to its end; nil otherwise
    /// (ICD-10-CM took effect on October 1, 2015: fiscal year 2016 is the first).
    public init?(fiscalYear: Int, effective: CalendarDate? = nil) {
        guard (2016...2999).contains(fiscalYear),
              let start = CalendarDate(year: fiscalYear - 1, month: 10, day: 1),
              let end = CalendarDate(year: fiscalYear, month: 9, day: 30) else { return nil }
        let from = effective ?? start
        guard start <= from, from <= end else { return nil }
        self.fiscalYear = fiscalYear
        self.effective = from
        self.through = end
    }

    /// `icd10cm-2027` for a whole fiscal year, `icd10cm-2027-04-01` for a release effective on that date.
    public var id: String {
        effective.month == 10 && effective.day == 1 ? "icd10cm-\(fiscalYear)" : "icd10cm-\(effective)"
    }
}
