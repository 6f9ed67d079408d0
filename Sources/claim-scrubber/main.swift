// claim-scrubber: subcommands are added by the issues that build them.
import Foundation
FileHandle.standardError.write(Data("usage: claim-scrubber <command>\n".utf8))
exit(2)
