/// Reads an 837P body as it arrives: checks the envelopes (ISA/IEA, GS/GE, ST/SE counts and control
/// numbers), places every segment of a transaction set in the 005010X222A1 loop structure, checks the
/// elements, the HL hierarchy and the LX numbering, and hands out each claim (loop 2300 with its
/// billing provider, subscriber and payer context) as soon as it is complete.
///
/// Memory stays bounded by one segment, one claim and one functional group's acknowledgment,
/// whatever the size of the body.
public struct X12Reader: Sendable {
    public struct Options: Sendable {
        /// Valid place of service codes (CLM05-1, SV105); nil checks their shape only.
        public var placeOfServiceCodes: Set<String>?
        /// Longest segment kept.
        public var maxSegmentLength = 65_536
        /// Most segment errors kept per transaction set for the acknowledgment.
        public var maxSegmentErrors = 10_000

        public init(placeOfServiceCodes: Set<String>? = nil) {
            self.placeOfServiceCodes = placeOfServiceCodes
        }
    }

    /// What reading produces, in body order.
    public enum Event: Sendable {
        /// An interchange begins (the acknowledgment answers each with one of its own).
        case interchangeStarted(X12InterchangeHeader)
        /// A claim is complete.
        case claim(X12ClaimRecord)
        /// A problem outside any claim (envelopes, billing provider and subscriber loops).
        case problem(X12Problem)
        /// A functional group ended (or the body ended inside it): what its 999 reports.
        case groupEnded(X12GroupAcknowledgment)
        case interchangeEnded
    }

    /// The implementation guide this reader knows.
    public static let version = "005010X222A1"

    public let options: Options
    /// Set when the body is not X12 (nothing else is read).
    public private(set) var failure: X12Tokenizer.Failure?
    public private(set) var interchangeCount = 0
    public private(set) var transactionCount = 0
    public private(set) var claimCount = 0

    private static let map = X12TransactionMap.professional
    private static let roles = X12SegmentRole.roles(map)
    // The static tables, held by the instance so the hot path does not go through lazy initialisation.
    private let map = X12Reader.map
    private let roles = X12Reader.roles
    private let claimFlags = X12Reader.inClaim
    /// Whether each node is in a 2300 claim loop (the claim's segments and their descendants).
    private static let inClaim: [Bool] = {
        var flags = [Bool](repeating: false, count: map.nodes.count)
        for (i, node) in map.nodes.enumerated() where node.isLoop && node.name == "2300" {
            for k in i..<node.end { flags[k] = true }
        }
        return flags
    }()
    private static let knownSegments = map.knownSegmentIDs.union([.isa, .iea, .gs, .ge, .ta1])

    private var tokenizer: X12Tokenizer
    private let validator: X12ElementValidator
    private var issues: [X12ElementValidator.Issue] = []
    private var lastSegment = 0

    // Interchange.
    private var inInterchange = false
    private var interchangeControl = ""
    private var interchangeSegment = 0
    private var groupCount = 0
    private var groupControls: Set<String> = []
    private var interchangeControls: Set<String> = []

    // Functional group.
    private var inGroup = false
    private var groupAck = X12GroupAcknowledgment(functionalID: "", controlNumber: "", version: "")
    private var groupTransactions = 0
    private var transactionControls: Set<String> = []

    // Transaction set.
    private var inTransaction = false
    private var transactionReadable = false
    private var transactionControl = ""
    private var transactionVersion = ""
    private var position = 0
    private var hlCount = 0
    private var hlStack: [Int] = []
    private var lxCount = 0
    private var walker = X12MapWalker(map: X12Reader.map)
    private var transactionAck = X12TransactionAcknowledgment(transactionType: "", controlNumber: "", implementationReference: "")

    // Context of the claims: billing provider (2000A) and subscriber (2000B).
    // Their values' bytes are held here (spans of each buffer) and copied into each claim's record.
    private var billing: X12Provider?
    private var billingText: [UInt8] = []
    private var billingTaxonomy: X12Field?
    private var billingTaxonomyText: [UInt8] = []
    private var filingIndicator: X12Field?
    private var filingIndicatorText: [UInt8] = []
    private var payerID: X12Field?
    private var payerIDText: [UInt8] = []
    private var transactionControlText: [UInt8] = []
    private var transactionVersionText: [UInt8] = []
    /// The claim being read (valid while `claimOpen`), and its service line being read (valid while
    /// `lineOpen`; appended to the claim at the next LX or when the claim ends). Kept as plain stored
    /// values so the many small updates happen in place.
    private var claimOpen = false
    private var record = X12ClaimRecord(segment: 0)
    private var lineOpen = false
    private var line = X12ServiceLine()

    public init(options: Options = Options()) {
        self.options = options
        tokenizer = X12Tokenizer(maxSegmentLength: options.maxSegmentLength)
        validator = X12ElementValidator(placeOfServiceCodes: options.placeOfServiceCodes)
    }

    /// Segments read so far.
    public var segmentCount: Int { lastSegment }

    /// Reads the next bytes of the body; `emit` gets every event they complete.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (Event) -> Void) {
        guard failure == nil else { return }
        var t = tokenizer
        tokenizer = X12Tokenizer.placeholder
        t.feed(bytes) { token in consume(token, emit) }
        tokenizer = t
    }

    /// Convenience for whole buffers.
    public mutating func feed(_ bytes: [UInt8], _ emit: (Event) -> Void) {
        bytes.withUnsafeBytes { feed($0, emit) }
    }

    /// Ends the body: open claims, transaction sets, groups and interchanges are closed (missing
    /// trailers are problems).
    public mutating func finish(_ emit: (Event) -> Void) {
        guard failure == nil else { return }
        var t = tokenizer
        tokenizer = X12Tokenizer.placeholder
        t.finish { token in consume(token, emit) }
        tokenizer = t
        guard failure == nil else { return }
        closeInterchange(missingTrailerAt: lastSegment, emit)
    }

    // MARK: - Tokens

    private mutating func consume(_ token: X12Tokenizer.Token, _ emit: (Event) -> Void) {
        switch token {
        case .notX12(let reason):
            failure = reason
        case .problem(var problem):
            lastSegment = max(lastSegment, problem.segment)
            if inTransaction {
                position += 1
                problem.acknowledgment = .init(position: position)
            }
            report(problem, inClaim: claimOpen, emit)
        case .segment(let segment):
            lastSegment = segment.ordinal
            handle(segment, emit)
        }
    }

    private mutating func handle(_ s: X12Segment, _ emit: (Event) -> Void) {
        if s.id == .isa {
            closeInterchange(missingTrailerAt: s.ordinal, emit)
            startInterchange(s, emit)
            return
        }
        guard s.hasValidID else {
            if inTransaction { position += 1 }
            report(problem(.segmentIDInvalid, s, message: "The segment identifier is not 2 or 3 uppercase letters or digits; the segment was skipped.",
                           ack: inTransaction), inClaim: claimOpen, emit)
            return
        }
        switch s.id {
        case .iea: endInterchange(s, emit)
        case .gs: startGroup(s, emit)
        case .ge: endGroup(s, emit)
        case .st: startTransaction(s, emit)
        default:
            if inTransaction {
                transactionSegment(s, emit)
            } else {
                report(problem(.segmentOutsideEnvelope, s, message: "\(s.idText) is outside a transaction set (ST/SE); it was skipped."),
                       inClaim: false, emit)
            }
        }
    }

    // MARK: - Envelopes

    private mutating func startInterchange(_ s: X12Segment, _ emit: (Event) -> Void) {
        interchangeCount += 1
        inInterchange = true
        interchangeSegment = s.ordinal
        interchangeControl = s.element(13)
        groupCount = 0
        groupControls.removeAll()
        if s.indented {
            report(problem(.segmentLeadingSpace, s, message: "ISA is preceded by spaces or tabs."), inClaim: false, emit)
        }
        // X12.5: the ISA is fixed width (106 characters with its terminator).
        if s.elementCount != 16 || s.length != 105 {
            report(problem(.isaNotFixedWidth, s, message: "The ISA segment is not 106 characters with fixed-width elements; it was read by its separators."),
                   inClaim: false, emit)
        }
        if s.element(12) != "00501" {
            report(problem(.isaVersion, s, element: "ISA12",
                           message: "ISA12 is not 00501, the interchange control version of the 5010 implementation guides; the interchange was read as 00501."),
                   inClaim: false, emit)
        }
        if interchangeControls.contains(interchangeControl) {
            report(problem(.isaControlNumberDuplicate, s, element: "ISA13", message: "ISA13 repeats the control number of an earlier interchange in the body."),
                   inClaim: false, emit)
        } else if interchangeControls.count < 100_000 {
            interchangeControls.insert(interchangeControl)
        }
        emit(.interchangeStarted(X12InterchangeHeader(
            senderQualifier: s.element(5), senderID: s.element(6), receiverQualifier: s.element(7), receiverID: s.element(8),
            controlNumber: interchangeControl, usage: s.element(15), delimiters: s.delimiters)))
    }

    private mutating func endInterchange(_ s: X12Segment, _ emit: (Event) -> Void) {
        guard inInterchange else {
            report(problem(.segmentOutsideEnvelope, s, message: "IEA has no matching ISA; it was skipped."), inClaim: false, emit)
            return
        }
        closeGroup(missingTrailerAt: s.ordinal, emit)
        if s.element(2) != interchangeControl {
            report(problem(.ieaControlNumber, s, element: "IEA02", message: "IEA02 does not match ISA13 of the interchange."),
                   inClaim: false, emit)
        }
        if Int(s.element(1)) != groupCount {
            report(problem(.ieaGroupCount, s, element: "IEA01",
                           message: "IEA01 does not match the number of functional groups in the interchange (\(groupCount))."),
                   inClaim: false, emit)
        }
        inInterchange = false
        emit(.interchangeEnded)
    }

    private mutating func closeInterchange(missingTrailerAt ordinal: Int, _ emit: (Event) -> Void) {
        closeGroup(missingTrailerAt: ordinal, emit)
        guard inInterchange else { return }
        report(X12Problem(.ieaMissing, segment: ordinal, segmentID: "IEA",
                          message: "The interchange that starts at segment \(interchangeSegment) has no IEA trailer."),
               inClaim: false, emit)
        inInterchange = false
        emit(.interchangeEnded)
    }

    private mutating func startGroup(_ s: X12Segment, _ emit: (Event) -> Void) {
        closeGroup(missingTrailerAt: s.ordinal, emit)
        if !inInterchange {
            report(problem(.segmentOutsideEnvelope, s, message: "GS is outside an interchange (ISA/IEA)."), inClaim: false, emit)
        }
        inGroup = true
        groupCount += 1
        groupTransactions = 0
        transactionControls.removeAll()
        groupAck = X12GroupAcknowledgment(functionalID: s.element(1), controlNumber: s.element(6), version: s.element(8))
        groupAck.senderCode = s.element(2)
        groupAck.receiverCode = s.element(3)
        if groupControls.contains(groupAck.controlNumber) {
            groupProblem(.gsControlNumberDuplicate, s, element: "GS06",
                         message: "GS06 repeats the control number of an earlier functional group in the interchange.", emit)
        } else if groupControls.count < 100_000 {
            groupControls.insert(groupAck.controlNumber)
        }
        if groupAck.functionalID != "HC" {
            groupProblem(.gsFunctionalID, s, element: "GS01",
                         message: "GS01 is not HC (health care claim); the group was read as 837P claims.", emit)
        }
    }

    private mutating func endGroup(_ s: X12Segment, _ emit: (Event) -> Void) {
        guard inGroup else {
            report(problem(.segmentOutsideEnvelope, s, message: "GE has no matching GS; it was skipped."), inClaim: false, emit)
            return
        }
        closeTransaction(missingTrailerAt: s, emit)
        if s.element(2) != groupAck.controlNumber {
            groupProblem(.geControlNumber, s, element: "GE02", message: "GE02 does not match GS06 of the functional group.", emit)
        }
        groupAck.declaredTransactions = Int(s.element(1))
        if Int(s.element(1)) != groupTransactions {
            groupProblem(.geTransactionCount, s, element: "GE01",
                         message: "GE01 does not match the number of transaction sets in the group (\(groupTransactions)).", emit)
        }
        inGroup = false
        emit(.groupEnded(groupAck))
    }

    private mutating func closeGroup(missingTrailerAt ordinal: Int, _ emit: (Event) -> Void) {
        closeTransaction(missingTrailerAt: nil, at: ordinal, emit)
        guard inGroup else { return }
        let p = X12Problem(.geMissing, segment: ordinal, segmentID: "GE",
                           message: "The functional group with control number \(groupAck.controlNumber) has no GE trailer.")
        groupAck.codes.appendIfAbsent(X12ProblemCode.geMissing.envelopeErrorCode)
        report(p, inClaim: false, emit)
        inGroup = false
        emit(.groupEnded(groupAck))
    }

    private mutating func groupProblem(_ code: X12ProblemCode, _ s: X12Segment, element: String, message: String,
                                       _ emit: (Event) -> Void) {
        groupAck.codes.appendIfAbsent(code.envelopeErrorCode)
        report(problem(code, s, element: element, message: message), inClaim: false, emit)
    }

    private mutating func startTransaction(_ s: X12Segment, _ emit: (Event) -> Void) {
        closeTransaction(missingTrailerAt: nil, at: s.ordinal, emit)
        if !inGroup {
            report(problem(.segmentOutsideEnvelope, s, message: "ST is outside a functional group (GS/GE)."), inClaim: false, emit)
        }
        transactionCount += 1
        groupTransactions += 1
        inTransaction = true
        position = 1
        hlCount = 0
        hlStack.removeAll(keepingCapacity: true)
        lxCount = 0
        billing = nil
        billingTaxonomy = nil
        filingIndicator = nil
        payerID = nil
        transactionControl = s.element(2)
        transactionVersion = s.has(3) ? s.element(3) : groupAck.version
        transactionControlText = Array(transactionControl.utf8)
        transactionVersionText = Array(transactionVersion.utf8)
        transactionAck = X12TransactionAcknowledgment(transactionType: s.element(1), controlNumber: transactionControl,
                                                      implementationReference: s.element(3))
        transactionReadable = s.element(1) == "837"
        walker.start()
        if s.indented {
            report(problem(.segmentLeadingSpace, s, message: "ST is preceded by spaces or tabs.", ack: true), inClaim: false, emit)
        }
        if transactionControls.contains(transactionControl) {
            transactionProblem(.stControlNumberDuplicate, s, element: "ST02",
                               message: "ST02 repeats the control number of an earlier transaction set in the group.", emit)
        } else if transactionControls.count < 100_000 {
            transactionControls.insert(transactionControl)
        }
        if !transactionReadable {
            transactionProblem(.stTransactionType, s, element: "ST01",
                               message: "ST01 is not 837; the transaction set was skipped.", emit)
        } else if transactionVersion != X12Reader.version {
            transactionProblem(.stVersion, s, element: s.has(3) ? "ST03" : "GS08",
                               message: "The transaction set is not 005010X222A1 (837 Professional); it was read as 005010X222A1 on a best-effort basis.",
                               emit)
        }
        if let node = map.firstSegment(of: map.root) {
            checkElements(s, node: node, inClaim: false, emit)
        }
    }

    private mutating func transactionProblem(_ code: X12ProblemCode, _ s: X12Segment, element: String, message: String,
                                             _ emit: (Event) -> Void) {
        transactionAck.codes.appendIfAbsent(code.envelopeErrorCode)
        report(problem(code, s, element: element, message: message), inClaim: false, emit)
    }

    /// Ends the open transaction set: at its SE (`trailer`), or at `ordinal` when the SE is missing.
    private mutating func closeTransaction(missingTrailerAt trailer: X12Segment?, at ordinal: Int = 0, _ emit: (Event) -> Void) {
        guard inTransaction else { return }
        closeClaim(emit)
        let segment = trailer?.ordinal ?? ordinal
        transactionAck.codes.appendIfAbsent(X12ProblemCode.seMissing.envelopeErrorCode)
        report(X12Problem(.seMissing, segment: segment, segmentID: "SE",
                          message: "The transaction set with control number \(transactionControl) has no SE trailer."),
               inClaim: false, emit)
        recordSegmentError(X12SegmentError(segmentID: "SE", position: position + 1, loop: nil, code: "3"))
        finishTransaction()
    }

    private mutating func finishTransaction() {
        inTransaction = false
        groupAck.transactions.append(transactionAck)
    }

    // MARK: - Transaction set segments

    private mutating func transactionSegment(_ s: X12Segment, _ emit: (Event) -> Void) {
        position += 1
        guard transactionReadable else {
            if s.id == .se { endUnreadTransaction(s, emit) }
            return
        }
        let node = walker.walk(s)
        let findings = walker.findings
        for finding in findings where !findings.isEmpty {
            switch finding {
            case .segmentMissing(let missing):
                let n = map.nodes[missing]
                report(problem(.segmentMissing, s, segmentID: n.name, loop: n.loop,
                               message: "Required segment \(n.name) of loop \(n.loop) is missing before this segment.", ack: true),
                       inClaim: claimOpen && self.inClaimLoop(missing), emit)
            case .loopMissing(let loop):
                let n = map.nodes[loop]
                let first = map.firstSegment(of: loop).map { map.nodes[$0].name } ?? n.name
                report(problem(.loopMissing, s, segmentID: first, loop: n.name,
                               message: "Required loop \(n.name) (starting with \(first)) is missing before this segment.", ack: true),
                       inClaim: claimOpen && self.inClaimLoop(loop), emit)
            case .segmentRepeated, .loopRepeated, .unexpected:
                break
            }
        }
        let inClaim = place(s, node: node, emit)
        for finding in findings {
            switch finding {
            case .segmentRepeated(let n):
                report(problem(.segmentRepeated, s, loop: map.nodes[n].loop,
                               message: "\(s.idText) is used more often than loop \(map.nodes[n].loop) allows (\(map.nodes[n].maxUse)).", ack: true),
                       inClaim: inClaim, emit)
            case .loopRepeated(let loop):
                report(problem(.loopRepeated, s, loop: map.nodes[loop].name,
                               message: "Loop \(map.nodes[loop].name) repeats more often than allowed (\(map.nodes[loop].maxUse)).", ack: true),
                       inClaim: inClaim, emit)
            case .unexpected:
                let known = X12Reader.knownSegments.contains(s.id)
                report(problem(known ? .segmentUnexpected : .segmentUnknown, s, loop: walker.loopPath().first,
                               message: known ? "\(s.idText) is not expected at this place of an 837P (005010X222A1); it was skipped."
                                   : "\(s.idText) is not a segment of the 837P (005010X222A1); it was skipped.", ack: true),
                       inClaim: inClaim, emit)
            case .segmentMissing, .loopMissing:
                break
            }
        }
        if s.indented {
            report(problem(.segmentLeadingSpace, s, message: "The segment is preceded by spaces or tabs.", ack: true), inClaim: inClaim, emit)
        }
        if s.hasTrailingSeparator {
            report(problem(.trailingSeparator, s, message: "The segment ends with an element separator (empty trailing elements must be left out).",
                           ack: true),
                   inClaim: inClaim, emit)
        }
        checkHierarchy(s, inClaim: inClaim, emit)
        if let node { checkElements(s, node: node, inClaim: inClaim, emit) }
        if let node, roles[node] == .transactionTrailer { endTransaction(s, emit) }
    }

    /// Applies a placed segment to the claim being read; returns whether the segment belongs to it.
    private mutating func place(_ s: X12Segment, node: Int?, _ emit: (Event) -> Void) -> Bool {
        guard let node else { return claimOpen }
        let inClaimLoop = self.inClaimLoop(node)
        if !inClaimLoop { closeClaim(emit) }
        guard let role = roles[node] else { return inClaimLoop && claimOpen }
        switch role {
        case .billingLevel:
            billing = nil
            billingTaxonomy = nil
        case .billingTaxonomy:
            billingTaxonomyText.removeAll(keepingCapacity: true)
            billingTaxonomy = X12Reader.field(s, 3, into: &billingTaxonomyText)
        case .billingName:
            // The provider keeps the taxonomy read before it (a copy of its bytes, next to the NPI's).
            billingText.removeAll(keepingCapacity: true)
            var b = X12Reader.provider(s, into: &billingText)
            if var t = billingTaxonomy {
                t.value = X12Reader.append(billingTaxonomyText, to: &billingText)
                b.taxonomy = t
            }
            billing = b
        case .subscriberLevel:
            filingIndicator = nil
            payerID = nil
        case .subscriber:
            filingIndicatorText.removeAll(keepingCapacity: true)
            filingIndicator = X12Reader.field(s, 9, into: &filingIndicatorText)
        case .payerName:
            payerIDText.removeAll(keepingCapacity: true)
            payerID = X12Reader.field(s, 9, into: &payerIDText)
        case .patientLevel, .transactionTrailer:
            break
        case .claim:
            closeClaim(emit)
            lxCount = 0
            record = X12ClaimRecord(segment: s.ordinal)
            record.reserve(256)
            record.claimIDSpan = X12Reader.span(s, s.range(1), &record)
            record.transactionSpan = record.append(transactionControlText)
            record.versionSpan = record.append(transactionVersionText)
            record.totalCharge = X12Reader.value(s, s.range(2), &record)
            record.placeOfService = X12Reader.value(s, s.componentRange(5, 1), &record)
            record.frequency = X12Reader.value(s, s.componentRange(5, 3), &record)
            if var b = billing {
                let base = record.append(billingText).start
                if b.npi != nil { b.npi?.value.start += base }
                if b.taxonomy != nil { b.taxonomy?.value.start += base }
                record.billing = b
            }
            if var f = filingIndicator {
                f.value = record.append(filingIndicatorText)
                record.filingIndicator = f
            }
            if var p = payerID {
                p.value = record.append(payerIDText)
                record.payerID = p
            }
            claimOpen = true
        case .payerClaimNumber:
            if claimOpen { record.originalClaimID = X12Reader.field(s, 2, into: &record) }
        case .diagnoses:
            guard claimOpen else { break }
            if record.diagnoses.isEmpty { record.diagnoses.reserveCapacity(min(s.elementCount, 12)) }
            for k in 1...12 where s.has(k) {
                let r = s.componentRange(k, 2)
                guard !r.isEmpty else { continue }
                let qualifier = X12Reader.span(s, s.componentRange(k, 1), &record)
                let code = X12Field(X12Reader.span(s, r, &record), segment: s.ordinal, id: s.id, position: k, component: 2)
                record.diagnoses.append(X12Diagnosis(qualifier: qualifier, code: code))
            }
        case .claimRendering:
            if claimOpen { record.rendering = X12Reader.provider(s, into: &record) }
        case .claimRenderingTaxonomy:
            if claimOpen, record.rendering != nil {
                let taxonomy = X12Reader.field(s, 3, into: &record)
                record.rendering?.taxonomy = taxonomy
            }
        case .claimSupervisor:
            if claimOpen { record.supervisor = X12Reader.provider(s, into: &record) }
        case .line:
            flushLine()
            guard claimOpen else { break }
            line = X12ServiceLine()
            line.lineSegment = s.ordinal
            line.number = X12Reader.value(s, s.range(1), &record)
            lineOpen = true
        case .service:
            guard lineOpen else { break }
            line.serviceSegment = s.ordinal
            // SV101's components in one pass over the element.
            let sv101 = s.range(1)
            let separator = s.delimiters.component
            var c = 1
            var start = sv101.lowerBound
            var i = sv101.lowerBound
            while c <= 7 && start <= sv101.upperBound && !sv101.isEmpty {
                while i < sv101.upperBound && s.byteStorage[i] != separator { i += 1 }
                let r = start..<i
                switch c {
                case 1: line.qualifier = X12Reader.span(s, r, &record)
                case 2: line.code = X12Reader.value(s, r, &record)
                case 3...6: if !r.isEmpty { line.modifiers.append(X12Reader.span(s, r, &record), component: c) }
                default: line.description = X12Reader.value(s, r, &record)
                }
                if i >= sv101.upperBound { break }
                i += 1
                start = i
                c += 1
            }
            line.charge = X12Reader.value(s, s.range(2), &record)
            line.unitBasis = X12Reader.value(s, s.range(3), &record)
            line.quantity = X12Reader.value(s, s.range(4), &record)
            line.placeOfService = X12Reader.value(s, s.range(5), &record)
            for c in 1...4 {
                let r = s.componentRange(7, c)
                if !r.isEmpty { line.pointers.append(X12Reader.span(s, r, &record), component: c) }
            }
        case .serviceDate:
            guard lineOpen else { break }
            line.dateSegment = s.ordinal
            line.dateFormat = X12Reader.span(s, s.range(2), &record)
            line.date = X12Reader.value(s, s.range(3), &record)
        case .lineNote:
            guard lineOpen else { break }
            line.noteSegment = s.ordinal
            line.noteQualifier = X12Reader.span(s, s.range(1), &record)
            line.note = X12Reader.value(s, s.range(2), &record)
        case .lineRendering:
            if lineOpen { line.rendering = X12Reader.provider(s, into: &record) }
        case .lineRenderingTaxonomy:
            if lineOpen, line.rendering != nil { line.rendering?.taxonomy = X12Reader.field(s, 3, into: &record) }
        case .lineSupervisor:
            if lineOpen { line.supervisor = X12Reader.provider(s, into: &record) }
        }
        return inClaimLoop && claimOpen
    }

    /// Most problems listed per claim.
    static let maxClaimProblems = 200

    /// Most lines kept per claim (the guide allows 50; the rest of a runaway claim is not kept).
    static let maxLines = 1_000

    private mutating func flushLine() {
        guard lineOpen else { return }
        lineOpen = false
        // Moved out, not copied: the line's values change hands without reference counting.
        var done = X12ServiceLine()
        swap(&done, &line)
        if claimOpen && record.lines.count < X12Reader.maxLines {
            if record.lines.isEmpty { record.lines.reserveCapacity(4) }
            record.lines.append(done)
        }
    }

    private mutating func closeClaim(_ emit: (Event) -> Void) {
        guard claimOpen else { return }
        flushLine()
        claimOpen = false
        claimCount += 1
        var done = X12ClaimRecord(segment: 0)
        swap(&done, &record)
        emit(.claim(done))
    }

    private mutating func endTransaction(_ s: X12Segment, _ emit: (Event) -> Void) {
        closeClaim(emit)
        if s.element(2) != transactionControl {
            transactionProblem(.seControlNumber, s, element: "SE02", message: "SE02 does not match ST02 of the transaction set.", emit)
        }
        if Int(s.element(1)) != position {
            transactionProblem(.seSegmentCount, s, element: "SE01",
                               message: "SE01 does not match the number of segments in the transaction set (\(position)).", emit)
        }
        finishTransaction()
    }

    private mutating func endUnreadTransaction(_ s: X12Segment, _ emit: (Event) -> Void) {
        if s.element(2) != transactionControl {
            transactionProblem(.seControlNumber, s, element: "SE02", message: "SE02 does not match ST02 of the transaction set.", emit)
        }
        finishTransaction()
    }

    // MARK: - Checks

    /// HL numbering and parents, and LX numbering within a claim (the 837P implementation guide's
    /// hierarchical and service line rules).
    private mutating func checkHierarchy(_ s: X12Segment, inClaim: Bool, _ emit: (Event) -> Void) {
        if s.id == .hl {
            hlCount += 1
            if s.integer(1) != hlCount {
                report(problem(.hlNumber, s, element: "HL01", elementPosition: 1, dataElement: 628,
                               message: "HL01 should be \(hlCount): HL numbers count up from 1 in each transaction set.", ack: true),
                       inClaim: inClaim, emit)
            }
            if s.has(2) {
                let parent = s.integer(2)
                if parent.map({ !hlStack.contains($0) }) ?? true {
                    report(problem(.hlParent, s, element: "HL02", elementPosition: 2, dataElement: 734,
                                   message: "HL02 does not name an earlier HL of this branch as parent.", ack: true),
                           inClaim: inClaim, emit)
                }
                while let top = hlStack.last, top != parent { hlStack.removeLast() }
            }
            hlStack.append(hlCount)
        } else if s.id == .clm {
            lxCount = 0
        } else if s.id == .lx {
            lxCount += 1
            if !s.element(1, isDecimal: lxCount) {
                report(problem(.lxNumber, s, element: "LX01", elementPosition: 1, dataElement: 554,
                               message: "LX01 should be \(lxCount): service lines are numbered from 1 in each claim.", ack: true),
                       inClaim: inClaim, emit)
            }
        }
    }

    private mutating func checkElements(_ s: X12Segment, node: Int, inClaim: Bool, _ emit: (Event) -> Void) {
        guard let rules = map.segmentRules[node] else { return }
        if !issues.isEmpty { issues.removeAll(keepingCapacity: true) }
        validator.validate(s, rules, into: &issues)
        guard !issues.isEmpty else { return }
        for issue in issues {
            let name = s.idText + X12Reader.two(issue.element) + (issue.component > 0 ? "-\(issue.component)" : "")
            let rule = rules.rule(issue.element, issue.component)
            let codes = rule.codeSet >= 0 ? rules.codeTexts[rule.codeSet] : nil
            report(problem(issue.code, s, element: name, loop: rules.loop, elementPosition: issue.element,
                           componentPosition: issue.component, dataElement: issue.dataElement,
                           badValue: issue.code == .elementMissing ? nil : issue.value,
                           message: X12Reader.message(issue.code, name, rule, codes: codes), ack: true),
                   inClaim: inClaim, emit)
        }
    }

    static func message(_ code: X12ProblemCode, _ name: String, _ rule: X12TransactionMap.SegmentRules.Rule,
                        codes: [String]?) -> String {
        switch code {
        case .elementMissing: return "\(name) is required."
        case .elementTooMany: return "The segment has more elements than the standard defines (\(name) and after)."
        case .componentTooMany: return "\(name): the composite has more components than the standard defines."
        case .elementNotUsed: return "\(name) is not used in the 837P and must be left empty."
        case .elementCode:
            if let codes, codes.count <= 12 {
                return "\(name) is not one of the codes the 837P allows: \(codes.joined(separator: ", "))."
            }
            return rule.placeOfService ? "\(name) is not a place of service code of the CMS place of service code set."
                : "\(name) is not one of the codes the 837P allows."
        case .elementDate: return "\(name) is not a valid date in the format its qualifier names (CCYYMMDD or CCYYMMDD-CCYYMMDD)."
        case .elementTime: return "\(name) is not a valid time (HHMM)."
        case .elementCharacter: return "\(name) holds characters its data type does not allow (or trailing spaces)."
        case .elementTooShort: return "\(name) is shorter than its minimum length (\(rule.minLength))."
        case .elementTooLong: return "\(name) is longer than its maximum length (\(rule.maxLength))."
        case .elementConditional: return "\(name): a syntax note of the segment requires elements that are missing."
        case .elementExclusion: return "\(name): a syntax note of the segment allows only one of the elements it names."
        default: return "\(name) is not valid."
        }
    }

    // MARK: - Problems

    private func problem(_ code: X12ProblemCode, _ s: X12Segment, segmentID: String? = nil, element: String? = nil,
                         loop: String? = nil, elementPosition: Int? = nil, componentPosition: Int = 0,
                         dataElement: Int = 0, badValue: String? = nil, message: String, ack: Bool = false) -> X12Problem {
        var p = X12Problem(code, segment: s.ordinal, segmentID: segmentID ?? s.idText, element: element, message: message)
        if ack && inTransaction {
            p.acknowledgment = .init(position: position, loop: loop, elementPosition: elementPosition,
                                     componentPosition: componentPosition == 0 ? nil : componentPosition,
                                     dataElement: dataElement == 0 ? nil : dataElement, badValue: badValue)
        }
        return p
    }

    /// Records a problem for the acknowledgment and hands it to the claim or out as a file problem.
    private mutating func report(_ p: X12Problem, inClaim: Bool, _ emit: (Event) -> Void) {
        if inTransaction, let detail = p.acknowledgment, let segmentCode = p.code.segmentErrorCode {
            var error = X12SegmentError(segmentID: p.segmentID, position: detail.position, loop: detail.loop, code: segmentCode)
            if let element = detail.elementPosition, let code = p.code.elementErrorCode {
                error.elements = [X12ElementError(position: element, component: detail.componentPosition ?? 0,
                                                  dataElement: detail.dataElement ?? 0, code: code,
                                                  badValue: X12Reader.ackValue(p.segmentID, detail.badValue))]
            }
            recordSegmentError(error)
        }
        if inClaim, claimOpen {
            if record.problems.count < X12Reader.maxClaimProblems {
                record.problems.append(p)
            } else if record.problems.count == X12Reader.maxClaimProblems {
                record.problems.append(X12Problem(.problemsOmitted, segment: p.segment, segmentID: p.segmentID,
                                                  message: "The claim has more problems; they are not listed."))
            }
        } else {
            emit(.problem(p))
        }
    }

    private mutating func recordSegmentError(_ error: X12SegmentError) {
        if error.code == "8", let last = transactionAck.segmentErrors.indices.last,
           transactionAck.segmentErrors[last].position == error.position, transactionAck.segmentErrors[last].code == "8" {
            transactionAck.segmentErrors[last].elements.append(contentsOf: error.elements)
            return
        }
        guard transactionAck.segmentErrors.count < options.maxSegmentErrors else {
            transactionAck.truncated = true
            return
        }
        transactionAck.segmentErrors.append(error)
    }

    /// IK404 carries the bad value only for segments whose values the claim model holds (codes,
    /// amounts, dates of service), never names, addresses, member identifiers or birth dates.
    static func ackValue(_ segmentID: String, _ value: String?) -> String? {
        guard let value, ["CLM", "SV1", "LX", "HI", "SBR", "PRV", "HL", "ST", "SE", "BHT"].contains(segmentID)
            || (segmentID == "DTP") else { return nil }
        return value
    }

    // MARK: - Helpers

    private func inClaimLoop(_ node: Int) -> Bool { claimFlags[node] }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The bytes of `r` of the segment, appended to the record's text.
    private static func span(_ s: X12Segment, _ r: Range<Int>, _ record: inout X12ClaimRecord) -> X12Span {
        guard !r.isEmpty else { return X12Span(start: Int32(truncatingIfNeeded: record.textCount), count: 0) }
        return s.byteStorage.withUnsafeBufferPointer { record.append($0, r) }
    }

    /// As `span`, nil when `r` is empty.
    private static func value(_ s: X12Segment, _ r: Range<Int>, _ record: inout X12ClaimRecord) -> X12Span? {
        r.isEmpty ? nil : span(s, r, &record)
    }

    /// Element `n` as a field of the record; nil when empty.
    private static func field(_ s: X12Segment, _ n: Int, into record: inout X12ClaimRecord) -> X12Field? {
        let r = s.range(n)
        return r.isEmpty ? nil : X12Field(span(s, r, &record), segment: s.ordinal, id: s.id, position: n)
    }

    /// Element `n` as a field whose bytes are appended to `text`; nil when empty.
    private static func field(_ s: X12Segment, _ n: Int, into text: inout [UInt8]) -> X12Field? {
        let r = s.range(n)
        guard !r.isEmpty else { return nil }
        let start = Int32(truncatingIfNeeded: text.count)
        text.append(contentsOf: s.byteStorage[r])
        return X12Field(X12Span(start: start, count: Int32(truncatingIfNeeded: r.count)), segment: s.ordinal, id: s.id, position: n)
    }

    private static func append(_ bytes: [UInt8], to text: inout [UInt8]) -> X12Span {
        let start = Int32(truncatingIfNeeded: text.count)
        text.append(contentsOf: bytes)
        return X12Span(start: start, count: Int32(truncatingIfNeeded: bytes.count))
    }

    private static func provider(_ s: X12Segment, into record: inout X12ClaimRecord) -> X12Provider {
        X12Provider(name: X12Field(.empty, segment: s.ordinal, id: s.id, position: 0),
                    npi: s.element(8, is: "XX") ? field(s, 9, into: &record) : nil)
    }

    private static func provider(_ s: X12Segment, into text: inout [UInt8]) -> X12Provider {
        X12Provider(name: X12Field(.empty, segment: s.ordinal, id: s.id, position: 0),
                    npi: s.element(8, is: "XX") ? field(s, 9, into: &text) : nil)
    }
}

extension X12Tokenizer {
    /// An empty tokenizer that holds no buffers (stands in while the real one is being fed).
    static let placeholder = X12Tokenizer(maxSegmentLength: 0, reserving: false)
}

extension Array where Element == String {
    mutating func appendIfAbsent(_ value: String?) {
        if let value, !contains(value) { append(value) }
    }
}
