#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The bit of number formatting the subcommands print, without `String(format:)` and
/// `String.padding` (swift-corelibs-foundation APIs that link all of Foundation and ICU's data).
enum TextFormat {
    /// `text` followed by spaces up to `width` characters (unchanged when already that wide or wider).
    static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `value` with `fractionDigits` digits after the point: C's `%.Nf`, what `String(format:)` printed.
    static func fixed(_ value: Double, fractionDigits: Int) -> String {
        let format = "%.\(max(0, min(fractionDigits, 17)))f"
        var buffer = [CChar](repeating: 0, count: 64)
        let length = withVaList([value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, arguments) }
        }
        // Too long for the buffer (a huge value) or an encoding error: Swift's own spelling.
        guard length >= 0, length < buffer.count else { return String(value) }
        return String(decoding: buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `value` in decimal with leading zeros up to `width` digits (`%0Nd` for non-negative values).
    static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }
}
