#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Property checks inside a fuzz target. A failed check prints what went wrong and aborts; libFuzzer
/// treats the abort as a crash and keeps the input (a reproducer: run the target with the file).
public enum FuzzCheck {
    public static func require(
        _ condition: Bool, _ message: @autoclosure () -> String,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        if condition { return }
        fail(message(), file: file, line: line)
    }

    public static func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        let text = "\nFUZZ CHECK FAILED at \(file):\(line): \(message)\n"
        _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        abort()
    }
}
