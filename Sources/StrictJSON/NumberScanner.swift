/// Scans one RFC 8259 number: `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`.
struct NumberScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where scanning stopped with an error (for the error position).
    var errorIndex = 0
    var errorMessage = ""
    var integerValue: Int64?

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Scans from `start`; returns the end index, or nil with `errorIndex`/`errorMessage` set.
    mutating func scan(from start: Int = 0) -> Int? {
        var i = start
        let n = bytes.count
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < n, isDigit(bytes[i]) else {
            if i < n, bytes[i] == UInt8(ascii: "I") { return fail(at: i, "NaN and Infinity are not JSON numbers") }
            return fail(at: i, i < n ? "a number needs a digit after '-'" : "unexpected end of input inside a number")
        }
        // Accumulate as a negative magnitude so Int64.min fits.
        var magnitude: Int64 = 0
        var fits = true
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < n, isDigit(bytes[i]) {
                return fail(at: i - 1, "leading zeros are not allowed in numbers")
            }
        } else {
            while i < n, isDigit(bytes[i]) {
                let digit = Int64(bytes[i] &- UInt8(ascii: "0"))
                if fits {
                    let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(digit)
                    if o1 || o2 { fits = false } else { magnitude = next }
                }
                i += 1
            }
        }
        var integer = true
        if i < n, bytes[i] == UInt8(ascii: ".") {
            integer = false
            i += 1
            guard i < n, isDigit(bytes[i]) else { return fail(at: i, "a number needs a digit after '.'") }
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            integer = false
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, isDigit(bytes[i]) else { return fail(at: i, "a number needs a digit in its exponent") }
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        if integer && fits {
            if negative {
                integerValue = magnitude
            } else if magnitude != Int64.min {
                integerValue = -magnitude
            }
        }
        return i
    }

    private mutating func fail(at index: Int, _ message: String) -> Int? {
        errorIndex = index
        errorMessage = message
        return nil
    }
}

@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
