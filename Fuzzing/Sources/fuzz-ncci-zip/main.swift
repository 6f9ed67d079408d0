// Fuzz target: ZipArchive, the reader of the zip archives CMS publishes the NCCI tables in (central
// directory, local headers, stored and deflated members through zlib, CRC-32).
//
// Properties:
// 1. Every member that reads has exactly its declared size (and, by the reader's own check, its CRC).
// 2. Round trip: the members that read, written into a new archive by ZipArchiveWriter (stored or
//    deflated, chosen from the input), read back with the same names and contents.
@testable import RuleData
import FuzzSupport

FuzzTarget.run { data in
    var random = DataRandom(data)
    guard let archive = try? ZipArchive(bytes: Array(data), fileName: "input.zip") else { return }
    var members: [(name: String, contents: [UInt8])] = []
    for entry in archive.entries {
        guard let contents = try? archive.contents(of: entry) else { continue }
        FuzzCheck.require(contents.count == entry.uncompressedSize,
                          "member \(entry.name) read \(contents.count) bytes, declared \(entry.uncompressedSize)")
        members.append((entry.name, contents))
    }
    guard !members.isEmpty else { return }
    var writer = ZipArchiveWriter()
    for member in members {
        writer.add(name: member.name, contents: member.contents, deflate: Bool.random(using: &random))
    }
    let copy: ZipArchive
    do {
        copy = try ZipArchive(bytes: writer.finish(), fileName: "copy.zip")
    } catch {
        FuzzCheck.fail("an archive written from readable members does not read: \(error)")
    }
    FuzzCheck.require(copy.entries.count == members.count, "\(copy.entries.count) entries written back, \(members.count) read")
    for (entry, member) in zip(copy.entries, members) {
        FuzzCheck.require(entry.name == member.name, "name \(entry.name) written back as \(member.name)")
        let contents = Result { () throws(NCCIImportError) in try copy.contents(of: entry) }
        FuzzCheck.require(contents == .success(member.contents), "member \(member.name) reads back as \(contents)")
    }
}
