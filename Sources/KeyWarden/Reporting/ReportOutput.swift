import CGzipSize
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report is written, a buffer at a time, as it is rendered: the rendered text of a whole
/// report is never held in memory.
///
/// - Standard output (`standardOutput()`, or a path of `-`).
/// - A regular file, or a path that does not exist yet: written to a temporary file beside it and
///   renamed over it by `finish()`, so a run that fails or is interrupted leaves the user's file as
///   it was. A symbolic link to a regular file is followed, so the link is kept.
/// - Anything else (a device such as `/dev/stdout`, a FIFO, `/dev/fd/N`): written to directly.
/// - Memory (`inMemory()`), for callers that want the report as a string (`text`).
/// - Nowhere, counting what it would take gzip-compressed (`gzipSizeCounter()`, then
///   `gzipSize`): to learn whether a report fits a limit before writing it.
///
/// A write that fails is remembered and thrown by `finish()`; nothing later is written.
public final class ReportOutput {
    private enum Destination {
        case memory
        case descriptor(Int32, closes: Bool, name: String)
        case atomic(AtomicFile.Temporary)
        case gzipSize(OpaquePointer)
    }

    private var destination: Destination
    private var buffer: [UInt8] = []
    private var failure: AtomicFile.WriteError?
    private var isFinished = false
    /// For `gzipSizeCounter()`: the compressed size, once finished.
    public private(set) var gzipSize: UInt64 = 0
    /// For a file written atomically: the gzip-compressed size of what it was given, counted as it
    /// is written (`startCountingGzip()`), on a thread of its own.
    private var gzipTally: BackgroundGzipCounter?
    private static let flushThreshold = 1 << 16

    private init(_ destination: Destination) {
        self.destination = destination
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// The process's standard output.
    public static func standardOutput() -> ReportOutput {
        ReportOutput(.descriptor(STDOUT_FILENO, closes: false, name: "standard output"))
    }

    /// A report kept in memory; read it with `text` after `finish()`.
    public static func inMemory() -> ReportOutput { ReportOutput(.memory) }

    /// Counts the gzip-compressed size of what is written, keeping none of it; nil when zlib cannot
    /// start.
    public static func gzipSizeCounter() -> ReportOutput? { gzipSizeCounter(effort: .asUploaded) }

    /// How hard a gzip size counter compresses.
    package enum GzipEffort: Sendable {
        /// zlib's default level, as the tools that upload SARIF to GitHub compress it.
        case asUploaded
        /// zlib's fastest level, in about half the time: it compresses less, so a document it
        /// finds under a limit is under it as uploaded (a quick first measure).
        case fastest

        var level: Int32 { self == .asUploaded ? -1 : 1 }
    }

    /// A gzip size counter compressing as hard as `effort` says.
    package static func gzipSizeCounter(effort: GzipEffort) -> ReportOutput? {
        kw_gzip_size_new(effort.level).map { ReportOutput(.gzipSize($0)) }
    }

    /// The file at `path` (`-` is standard output). A regular file is replaced atomically by
    /// `finish()`; a new file gets `newFilePermissions`.
    public static func file(_ path: String, newFilePermissions: mode_t = 0o644) throws -> ReportOutput {
        if path == "-" { return standardOutput() }
        var target = path
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        if stat(target, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            let descriptor = open(target, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno)))
            }
            return ReportOutput(.descriptor(descriptor, closes: true, name: path))
        }
        return ReportOutput(.atomic(try AtomicFile.create(beside: target, newFilePermissions: newFilePermissions)))
    }

    deinit {
        _ = gzipTally?.finish()
        guard !isFinished else { return }
        switch destination {
        case .atomic(let temporary): AtomicFile.discard(temporary)
        case .descriptor(let descriptor, let closes, _): if closes { close(descriptor) }
        case .gzipSize(let counter): kw_gzip_size_free(counter)
        case .memory: break
        }
    }

    /// Appends `text` as UTF-8.
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushIfFull()
    }

    /// Appends raw bytes.
    public func write<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        flushIfFull()
    }

    /// Lets `body` append to the pending bytes directly (the JSON writer's fast path).
    package func withBuffer<Result>(_ body: (inout [UInt8]) throws -> Result) rethrows -> Result {
        defer { flushIfFull() }
        return try body(&buffer)
    }

    /// What a memory output holds.
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    /// Writes what is pending; for a file written atomically, flushes it to disk and renames it over
    /// the target. Throws the first write that failed.
    public func finish() throws {
        guard !isFinished else { return }
        flush()
        isFinished = true
        _ = gzipTally?.finish()
        gzipTally = nil
        switch destination {
        case .memory:
            break
        case .descriptor(let descriptor, let closes, _):
            if closes { close(descriptor) }
        case .gzipSize(let counter):
            gzipSize = kw_gzip_size_finish(counter)
            kw_gzip_size_free(counter)
        case .atomic(let temporary):
            if failure != nil {
                AtomicFile.discard(temporary)
            } else {
                try AtomicFile.commit(temporary)
            }
        }
        if let failure { throw failure }
    }

    /// Whether what was written can be taken back (`takeBack()`): a file written atomically, which
    /// nobody sees before `finish()`.
    package var canTakeBack: Bool {
        if case .atomic = destination { return !isFinished }
        return false
    }

    /// From now on, counts the gzip-compressed size of what is written (read it with
    /// `countedGzipSize()`), beside writing it: a writer that must know whether a document fits a
    /// limit writes it once and measures it in the same pass. Counted at zlib's fastest level
    /// (`GzipEffort.fastest`): a size over a limit is worth measuring again as uploaded. False when
    /// the output cannot take back what it was given, or zlib cannot start.
    package func startCountingGzip() -> Bool {
        guard canTakeBack, gzipTally == nil, let tally = BackgroundGzipCounter(effort: .fastest) else { return false }
        flush()
        gzipTally = tally
        return true
    }

    /// The gzip-compressed size of what was written since `startCountingGzip()`, which stops
    /// counting; nil when nothing was counted or zlib failed.
    package func countedGzipSize() -> UInt64? {
        guard let tally = gzipTally else { return nil }
        flush()
        gzipTally = nil
        let size = tally.finish()
        return failure == nil ? size : nil
    }

    /// Takes back everything written so far, so that the document can be written again from the
    /// start (see `canTakeBack`); false when it cannot.
    package func takeBack() -> Bool {
        guard canTakeBack, case .atomic(let temporary) = destination, failure == nil else { return false }
        _ = gzipTally?.finish()
        gzipTally = nil
        buffer.removeAll(keepingCapacity: true)
        guard ftruncate(temporary.descriptor, 0) == 0, lseek(temporary.descriptor, 0, SEEK_SET) == 0 else {
            failure = AtomicFile.WriteError(path: temporary.target, reason: String(cString: strerror(errno)))
            return false
        }
        return true
    }

    /// Writes what is pending now (a streamed report, so each finding reaches a pipe as it is made).
    package func writePending() {
        guard !isFinished else { return }
        flush()
    }

    private func flushIfFull() {
        if buffer.count >= Self.flushThreshold { flush() }
    }

    private func flush() {
        let descriptor: Int32
        let name: String
        switch destination {
        case .memory: return
        case .gzipSize(let counter):
            defer { buffer.removeAll(keepingCapacity: true) }
            let added = buffer.withUnsafeBytes { kw_gzip_size_add(counter, $0.baseAddress, $0.count) }
            if added != 0 && failure == nil { failure = AtomicFile.WriteError(path: "(gzip size)", reason: "zlib failed") }
            return
        case .descriptor(let target, _, let targetName): (descriptor, name) = (target, targetName)
        case .atomic(let temporary): (descriptor, name) = (temporary.descriptor, temporary.target)
        }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil, !buffer.isEmpty else { return }
        gzipTally?.add(buffer)
        let written = buffer.withUnsafeBytes { AtomicFile.writeAll(descriptor, $0) }
        if !written { failure = AtomicFile.WriteError(path: name, reason: String(cString: strerror(errno))) }
    }
}
