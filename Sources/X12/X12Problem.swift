/// A problem found in an interchange, located at a segment. Messages never quote element values
/// other than identifiers the claim model holds (claim ids, codes, counts).
public struct X12Problem: Sendable, Equatable {
    public var code: X12ProblemCode
    /// 1-based ordinal of the segment in the body; 0 when the problem has no segment (end of input).
    public var segment: Int
    /// The identifier of that segment (or of the missing segment), e.g. `SV1`.
    public var segmentID: String
    /// The element, e.g. `SV104` or `CLM05-1`; nil for a whole segment.
    public var element: String?
    public var message: String
    /// Where a 999 puts it: position in the transaction set (ST is 1), loop, element and component
    /// positions and the data element reference number.
    public var acknowledgment: AcknowledgmentDetail?

    public struct AcknowledgmentDetail: Sendable, Equatable {
        public var position: Int
        public var loop: String?
        public var elementPosition: Int?
        public var componentPosition: Int?
        public var dataElement: Int?
        /// A copy of the bad value for IK404 (only for the elements this reader judges, which carry
        /// codes, amounts and service dates, never names or member identifiers).
        public var badValue: String?

        public init(position: Int, loop: String? = nil, elementPosition: Int? = nil, componentPosition: Int? = nil,
                    dataElement: Int? = nil, badValue: String? = nil) {
            self.position = position
            self.loop = loop
            self.elementPosition = elementPosition
            self.componentPosition = componentPosition
            self.dataElement = dataElement
            self.badValue = badValue
        }
    }

    public init(_ code: X12ProblemCode, segment: Int, segmentID: String, element: String? = nil, message: String,
                acknowledgment: AcknowledgmentDetail? = nil) {
        self.code = code
        self.segment = segment
        self.segmentID = segmentID
        self.element = element
        self.message = message
        self.acknowledgment = acknowledgment
    }
}
