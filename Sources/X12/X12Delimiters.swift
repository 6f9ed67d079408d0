/// The separators of one interchange, read from its ISA segment (ASC X12.5 / X12.6): the element
/// separator is the byte after `ISA`, the repetition separator is ISA11 (version 00501 and later),
/// the component separator is ISA16 and the segment terminator is the byte after ISA16.
public struct X12Delimiters: Sendable, Hashable {
    public var element: UInt8
    public var component: UInt8
    /// `nil` when ISA11 is not a separator (the 00401 `U` standards identifier, or a letter or digit).
    public var repetition: UInt8?
    public var segment: UInt8

    public init(element: UInt8, component: UInt8, repetition: UInt8?, segment: UInt8) {
        self.element = element
        self.component = component
        self.repetition = repetition
        self.segment = segment
    }

    /// `*`, `:`, `^` and `~`, the separators of the implementation guides' examples.
    public static let standard = X12Delimiters(element: UInt8(ascii: "*"), component: UInt8(ascii: ":"),
                                               repetition: UInt8(ascii: "^"), segment: UInt8(ascii: "~"))
}
