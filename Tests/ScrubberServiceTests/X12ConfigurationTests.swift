import ClaimX12
import Foundation
import Testing
@testable import ScrubberService

/// The `x12.payerMap` setting (`SCRUBBER_X12_PAYER_MAP`).
@Suite struct X12ConfigurationTests {
    static let entries: [X12PayerMap.Entry] = [
        .init(key: .payerId, value: "12502", payer: "medicare-advantage"),
        .init(key: .filingIndicator, value: "CI", payer: "commercial-ama"),
    ]

    @Test func fromTheConfigFile() throws {
        let file = try temporaryFile(#"{"x12": {"payerMap": [{"payerId": "12502", "payer": "medicare-advantage"}, {"filingIndicator": "CI", "payer": "commercial-ama"}]}}"#)
        var flags = ConfigurationLoader.Flags()
        flags.configFile = file
        #expect(try ConfigurationLoader.load(flags: flags, environment: [:]).x12PayerMap.entries == Self.entries)
        #expect(try ConfigurationLoader.load(flags: ConfigurationLoader.Flags(), environment: [:]).x12PayerMap.entries.isEmpty)
    }

    @Test func fromTheEnvironment() throws {
        let config = try ConfigurationLoader.load(flags: ConfigurationLoader.Flags(),
                                                  environment: ["SCRUBBER_X12_PAYER_MAP": "payerId:12502=medicare-advantage, filingIndicator:CI=commercial-ama"])
        #expect(config.x12PayerMap.entries == Self.entries)
    }

    @Test func badEntriesNameTheSetting() throws {
        let bad = [
            #"{"x12": {"payerMap": [{"payerId": "1"}]}}"#,
            #"{"x12": {"payerMap": [{"payerId": "1", "filingIndicator": "CI", "payer": "medicare"}]}}"#,
            #"{"x12": {"payerMap": [{"payerId": "", "payer": "medicare"}]}}"#,
            #"{"x12": {"payerMap": ["payerId:1=medicare"]}}"#,
            #"{"x12": {"payerMap": {"payerId": "1"}}}"#,
        ]
        for text in bad {
            var flags = ConfigurationLoader.Flags()
            flags.configFile = try temporaryFile(text)
            #expect(throws: ConfigurationError.self, "\(text)") { try ConfigurationLoader.load(flags: flags, environment: [:]) }
            do {
                _ = try ConfigurationLoader.load(flags: flags, environment: [:])
            } catch {
                #expect(error.setting == "x12.payerMap")
            }
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: ConfigurationLoader.Flags(), environment: ["SCRUBBER_X12_PAYER_MAP": "payerId=medicare"])
        }
    }
}
