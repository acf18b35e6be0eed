import Archives
import GitStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SecretScanner {
    /// Files larger than this (possible only when the size limit is raised) are scanned in chunks of
    /// this size, so memory stays bounded however large the file.
    static let chunkSize = 32 << 20
    /// Each chunk is scanned together with this much of the next: longer than any rule's match, so a
    /// secret that straddles two chunks is found, and reported by exactly one of them.
    static let chunkOverlap = 64 << 10

    /// A large working-tree archive or compressed file is opened like a small one, but streamed from
    /// the file by libarchive instead of read whole: only one member is in memory at a time, and the
    /// archive limits (total expansion, ratio, entries, depth) bound it as they bound any other.
    /// - Throws: what stopped the members' scan short of a limit or damage (those are problems the
    ///   detector holds).
    func largeArchiveFindings(descriptor: Int32, file: WorkingTreeFile, detector: SecretDetector) throws -> ArchiveScan {
        guard options.archiveLimits.depth > 0 else { return .notAnArchive }
        var head = [UInt8](repeating: 0, count: 512)
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0, let kind = head.withUnsafeBytes({ ArchiveReader.kind(of: UnsafeRawBufferPointer(rebasing: $0[..<count])) }) else {
            return .notAnArchive
        }
        var budget = ArchiveBudget(limits: options.archiveLimits, outerSize: file.size)
        return try memberFindings(
            in: .file(descriptor: descriptor), kind: kind, path: file.path, depth: 1, budget: &budget, detector: detector,
            source: .worktree, commit: nil, commitID: nil)
    }

    /// Scans a working-tree file chunk by chunk, with line and column numbers as if it had been read
    /// whole. Archives and compressed files are opened (streamed, `largeArchiveFindings`); binary
    /// files are recognised from their first chunk; UTF-16 files this large are reported as not scanned.
    func scanLargeFile(_ file: WorkingTreeFile, detector: SecretDetector) -> ScanReport {
        var report = ScanReport()
        let descriptor = open(file.absolutePath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            report.problems.append(SkippedObject(subject: file.path, reason: String(cString: strerror(errno))))
            return report
        }
        defer { close(descriptor) }
        // A damaged archive's raw bytes are bounded by the archive limits, not by the size limit of
        // binary files, as when the archive is read whole (`memberFindings`).
        var binaryLimit = options.maxBinarySize
        let archive: ArchiveScan
        do {
            archive = try largeArchiveFindings(descriptor: descriptor, file: file, detector: detector)
        } catch {
            report.problems.append(SkippedObject(subject: file.path, reason: "\(error)"))
            return report
        }
        switch archive {
        case .notAnArchive:
            break
        case .members(let found):
            report.findings = found
            report.statistics.filesScanned += 1
            report.statistics.bytesScanned += file.size
            report.problems += detector.takeLimitProblems(path: file.path)
            return report
        case .damagedFile(let found):
            // Its members up to the damage are in; its raw bytes are scanned below, from the start.
            report.findings = found
            binaryLimit = .max
            guard lseek(descriptor, 0, SEEK_SET) == 0 else {
                report.problems.append(SkippedObject(subject: file.path, reason: "cannot seek: \(String(cString: strerror(errno)))"))
                return report
            }
        }
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize + Self.chunkOverlap)
        var filled = 0  // bytes of `buffer` holding file content
        var bufferStart = 0  // file offset of buffer[0]
        var linesBefore = 0  // newlines before buffer[0]
        var lineStartBefore = 0  // file offset where the line holding buffer[0] starts
        var isFirst = true
        var isBinary = false
        while true {
            // Fill the buffer after the carried-over tail of the previous chunk.
            var atEnd = false
            while filled < buffer.count {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
                if count < 0 {
                    if errno == EINTR { continue }
                    report.problems.append(SkippedObject(subject: file.path, reason: "read failed after \(bufferStart + filled) bytes: \(String(cString: strerror(errno)))"))
                    return report
                }
                if count == 0 {
                    atEnd = true
                    break
                }
                filled += count
            }
            let chunk = filled
            let reported = atEnd ? chunk : chunk - Self.chunkOverlap
            do {
                let found: [Finding]? = try buffer.withUnsafeBytes { whole in
                    let text = UnsafeRawBufferPointer(rebasing: whole[..<chunk])
                    if isFirst {
                        // The byte-order mark decides before anything is transcoded: a chunk of UTF-16
                        // is not converted only to be refused.
                        if text.starts(with: [0xFF, 0xFE]) || text.starts(with: [0xFE, 0xFF]) {
                            throw FileReader.ReadError(description: "a UTF-16 file larger than \(Self.chunkSize) bytes is not scanned")
                        }
                        if case .binary = ContentLoader.classify(text) {
                            guard file.size <= binaryLimit else { return nil }
                            isBinary = true
                        }
                    }
                    // Detections starting past `reported` belong to the next chunk, which sees them whole.
                    let detections = try (isBinary
                        ? binaryDetections(in: text, path: file.path, commit: nil, detector: detector)
                        : detector.detect(in: text, path: file.path)).filter { $0.offset < reported }
                    return try locate(detections, in: text, path: file.path, source: .worktree, commit: nil)
                }
                guard let found else {
                    report.statistics.skippedBinary += 1
                    report.statistics.sizeSkips.append(binarySkip(path: file.path, bytes: file.size))
                    return report
                }
                for var finding in found {
                    if finding.line == 1 {
                        // A line that started in an earlier chunk: its bytes there are counted as
                        // code units too (exact for ASCII; such a line is over 32 MiB long).
                        finding.column += bufferStart - lineStartBefore
                        finding.utf16Column = finding.utf16Column.map { $0 + bufferStart - lineStartBefore }
                    }
                    finding.line += linesBefore
                    finding.byteOffset = finding.byteOffset.map { $0 + bufferStart }
                    report.findings.append(finding)
                }
            } catch {
                report.problems.append(SkippedObject(subject: file.path, reason: "\(error)"))
                return report
            }
            report.statistics.bytesScanned += reported
            isFirst = false
            if atEnd { break }
            // Advance: count the lines of the part handed over, carry the overlap to the front.
            buffer.withUnsafeBytes { bytes in
                for index in 0..<reported where bytes[index] == 0x0A {
                    linesBefore += 1
                    lineStartBefore = bufferStart + index + 1
                }
            }
            buffer.withUnsafeMutableBytes { bytes in
                _ = memmove(bytes.baseAddress!, bytes.baseAddress! + reported, chunk - reported)
            }
            bufferStart += reported
            filled = chunk - reported
        }
        report.statistics.filesScanned += 1
        report.problems += detector.takeLimitProblems(path: file.path)
        return report
    }
}
