import Testing
@testable import X12

/// The 999 (005010X231A1) the reader's acknowledgment data gives.
@Suite struct X12AcknowledgmentTests {
    static let stamp = X12AcknowledgmentWriter.Stamp(date: "20250311", time: "1200")

    static func acknowledgment(_ text: String) -> [String] {
        var reader = X12Reader()
        var writer = X12AcknowledgmentWriter(stamp: stamp)
        let handle: (X12Reader.Event) -> Void = { event in
            switch event {
            case .interchangeStarted(let h): writer.interchangeStarted(h)
            case .groupEnded(let g): writer.group(g)
            case .interchangeEnded: writer.interchangeEnded()
            default: break
            }
        }
        reader.feed(Array(text.utf8), handle)
        reader.finish(handle)
        return String(decoding: writer.drain(), as: UTF8.self).components(separatedBy: "~\n").filter { !$0.isEmpty }
    }

    @Test func anAcceptedTransactionSet() {
        #expect(Self.acknowledgment(X12Fixtures.c01) == [
            "ISA*00*          *00*          *ZZ*MEDICAREMAC    *ZZ*CORPUSSUBMIT   *250311*1200*^*00501*000000101*0*T*:",
            "GS*FA*MEDICAREMAC*CORPUSSUBMIT*20250311*1200*101*X*005010X231A1",
            "ST*999*0001*005010X231A1",
            "AK1*HC*101*005010X222A1",
            "AK2*837*0001*005010X222A1",
            "IK5*A",
            "AK9*A*1*1*1",
            "SE*6*0001",
            "GE*1*101",
            "IEA*1*000000101",
        ])
    }

    @Test func segmentAndElementErrorsRejectTheTransactionSet() {
        let text = X12Fixtures.mutate(X12Fixtures.c01, "HI*ABK:M6281*ABF:M5450~\n", "")
            .replacingOccurrences(of: "*150*UN*3", with: "*150*XX*3")
        let ack = Self.acknowledgment(text)
        // HI missing (found at NM1*82, position 20 from ST) and SV103 not a code (SV1 at position 23).
        #expect(ack.contains("IK3*HI*20*2300*3"))
        #expect(ack.contains("IK3*SV1*23*2400*8"))
        #expect(ack.contains("IK4*3*355*7*XX"))
        #expect(ack.contains("IK5*R"))
        #expect(ack.contains("AK9*R*1*1*0"))
        // Loop identifiers longer than IK303's 4 characters are left out.
        let hl = Self.acknowledgment(X12Fixtures.mutate(X12Fixtures.c01, "*******MB~", "*******QQ~"))
        #expect(hl.contains("IK3*SBR*13**8"))
        #expect(hl.contains("IK4*9*1032*7*QQ"))
    }

    @Test func envelopeErrorsGoToIK5AndAK9() {
        let se = Self.acknowledgment(X12Fixtures.mutate(X12Fixtures.c01, "SE*29*0001", "SE*30*0001", keepCount: true))
        #expect(se.contains("IK5*R*4"))
        let ge = Self.acknowledgment(X12Fixtures.mutate(X12Fixtures.c01, "GE*1*101", "GE*2*101"))
        #expect(ge.contains("IK5*A"))
        #expect(ge.contains("AK9*R*2*1*1*5"))
        let version = Self.acknowledgment(X12Fixtures.c01.replacingOccurrences(of: "005010X222A1", with: "005010X222A2"))
        #expect(version.contains("IK5*E*I6"))
        #expect(version.contains("AK9*E*1*1*1"))
    }

    @Test func partiallyAcceptedGroup() throws {
        let st = try #require(X12Fixtures.c01.range(of: "ST*")), ge = try #require(X12Fixtures.c01.range(of: "GE*"))
        let second = X12Fixtures.c01[st.lowerBound..<ge.lowerBound].replacingOccurrences(of: "*0001", with: "*0002")
            .replacingOccurrences(of: "*150*UN*3", with: "*150*XX*3")
        let text = X12Fixtures.c01.replacingOccurrences(of: "GE*1*101", with: second + "GE*2*101")
        let ack = Self.acknowledgment(text)
        #expect(ack.filter { $0.hasPrefix("AK2") } == ["AK2*837*0001*005010X222A1", "AK2*837*0002*005010X222A1"])
        #expect(ack.filter { $0.hasPrefix("IK5") } == ["IK5*A", "IK5*R"])
        #expect(ack.contains("AK9*P*2*2*1"))
        // Every 999 segment is counted by SE01.
        let count = (ack.firstIndex { $0.hasPrefix("SE*") } ?? 0) - (ack.firstIndex { $0.hasPrefix("ST*") } ?? 0) + 1
        #expect(ack.contains("SE*\(count)*0001"))
    }

    @Test func oneAcknowledgmentPerGroupAndInterchange() {
        let ack = Self.acknowledgment(X12Fixtures.c01 + X12Fixtures.c03)
        #expect(ack.filter { $0.hasPrefix("ISA") }.count == 2)
        #expect(ack.filter { $0.hasPrefix("ST*999") }.count == 2)
        #expect(ack.contains("IEA*1*000000103"))
        #expect(ack.contains("AK1*HC*103*005010X222A1"))
    }
}
