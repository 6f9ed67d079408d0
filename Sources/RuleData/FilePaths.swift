#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The few path and file-system helpers rule data loading needs, without the swift-corelibs-foundation
/// APIs (`NSString` path methods, `ObjCBool`, `NSError`) whose use links all of Foundation and ICU's
/// data into a static binary (about 35 MB). The service and the commands use them too.
public enum FilePaths {
    /// `directory` joined with `name` by one slash (what `NSString.appendingPathComponent` gives for
    /// the plain names used here).
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Whether `path` names a directory, following symbolic links (a Kubernetes ConfigMap mount is a
    /// tree of links).
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// A short reason for a file-system error: the system's text for the underlying errno (e.g.
    /// "No such file or directory", "Permission denied") when there is one.
    static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return String(describing: error)
    }
}
