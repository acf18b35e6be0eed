import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SecretScanner {
    /// Scans what arrives on a file descriptor (standard input for `keywarden scan -`) to its end,
    /// as the content of a file named `name`: text, binary, an archive or compressed data, as a file
    /// of the working tree would be. More than `maxFileSize` bytes is a problem, not a silent cut.
    public func scanStream(descriptor: Int32 = STDIN_FILENO, name: String) throws(ScanError) -> ScanReport {
        let started = Date()
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .engine("could not read \(name): \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > options.maxFileSize {
                throw .engine("\(name) is larger than the size limit of \(options.maxFileSize) bytes (--max-file-size)")
            }
        }
        return try scanBuffer(bytes, path: name, source: .worktree, started: started)
    }
}
