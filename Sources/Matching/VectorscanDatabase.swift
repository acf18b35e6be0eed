import CVectorscan
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled Vectorscan block-mode database and the scratch space one thread scans it with.
///
/// This is the only file that calls Vectorscan. A database is compiled once, serialized into bytes
/// that can cross threads, and deserialized by each worker into its own instance.
final class VectorscanDatabase {
    /// One expression to compile, with its Vectorscan flags and the id its matches report.
    struct Expression {
        var pattern: String
        var flags: UInt32
        var id: UInt32
    }

    /// Compilation failed: `expression` is the index of the expression at fault, or nil when the
    /// failure is not about one expression.
    struct CompileFailure: Error {
        var expression: Int?
        var message: String
    }

    private let database: OpaquePointer
    private var scratch: OpaquePointer?

    private init(database: OpaquePointer) {
        self.database = database
    }

    deinit {
        if let scratch { hs_free_scratch(scratch) }
        hs_free_database(database)
    }

    /// The Vectorscan library's version string: a compiled database is only valid for the same build.
    static var version: String { String(cString: hs_version()) }

    static let prefilterFlags = UInt32(HS_FLAG_PREFILTER)
    static let literalFlags = UInt32(HS_FLAG_CASELESS)
    static let singleMatchFlag = UInt32(HS_FLAG_SINGLEMATCH)

    /// Whether Vectorscan accepts `pattern` with `flags`: it parses and analyses the expression without
    /// building a database (all of a few hundred rules take tens of milliseconds), so that the one
    /// compile of the whole set does not fail, and is not repeated, for each expression it refuses.
    static func accepts(_ pattern: String, flags: UInt32) -> Bool {
        var info: UnsafeMutablePointer<hs_expr_info_t>?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let status = hs_expression_info(pattern, flags, &info, &error)
        if let info { free(info) }
        if let error { hs_free_compile_error(error) }
        return status == HS_SUCCESS
    }

    /// Compiles `expressions` into one block-mode database.
    static func compile(_ expressions: [Expression]) throws(CompileFailure) -> VectorscanDatabase {
        var cStrings: [UnsafeMutablePointer<CChar>?] = expressions.map { strdup($0.pattern) }
        defer { cStrings.forEach { free($0) } }
        let flags = expressions.map(\.flags)
        let ids = expressions.map(\.id)
        var database: OpaquePointer?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let status = cStrings.withUnsafeMutableBufferPointer { strings in
            strings.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: strings.count) {
                hs_compile_multi(
                    $0, flags, ids, UInt32(expressions.count), UInt32(HS_MODE_BLOCK), nil, &database, &error)
            }
        }
        if status != HS_SUCCESS || database == nil {
            var failure = CompileFailure(expression: nil, message: "Vectorscan error \(status)")
            if let error {
                failure.message = String(cString: error.pointee.message)
                failure.expression = error.pointee.expression >= 0 ? Int(error.pointee.expression) : nil
                hs_free_compile_error(error)
            }
            throw failure
        }
        return VectorscanDatabase(database: database!)
    }

    /// Rebuilds a database from `serialized()` bytes.
    static func deserialize(_ bytes: ArraySlice<UInt8>) throws(CompileFailure) -> VectorscanDatabase {
        var database: OpaquePointer?
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                hs_deserialize_database($0.baseAddress, $0.count, &database)
            }
        }
        guard status == HS_SUCCESS, let database else {
            throw CompileFailure(expression: nil, message: "cannot load the compiled rule database (\(status))")
        }
        return VectorscanDatabase(database: database)
    }

    /// The database as bytes that `deserialize(_:)` accepts, on this machine's Vectorscan build.
    func serialized() throws(CompileFailure) -> [UInt8] {
        var bytes: UnsafeMutablePointer<CChar>?
        var length = 0
        guard hs_serialize_database(database, &bytes, &length) == HS_SUCCESS, let bytes else {
            throw CompileFailure(expression: nil, message: "cannot serialize the compiled rule database")
        }
        defer { free(bytes) }
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Scans `buffer`, calling `onMatch(id, end)` for every match end Vectorscan reports.
    ///
    /// Buffers are scanned in pieces of at most 2 GiB, the largest length Vectorscan takes; the
    /// callers' windows are bounded, so the seams only matter for matches longer than the overlap.
    func scan(_ buffer: UnsafeRawBufferPointer, collector: MatchCollector) throws(CompileFailure) {
        if scratch == nil {
            guard hs_alloc_scratch(database, &scratch) == HS_SUCCESS else {
                throw CompileFailure(expression: nil, message: "cannot allocate Vectorscan scratch space")
            }
        }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let status = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { data in
            hs_scan(database, data, UInt32(min(buffer.count, Int(Int32.max))), 0, scratch, vectorscanEvent, context)
        }
        guard status == HS_SUCCESS || status == HS_SCAN_TERMINATED else {
            throw CompileFailure(expression: nil, message: "Vectorscan scan failed (\(status))")
        }
    }
}

private func vectorscanEvent(
    id: UInt32, from: UInt64, to: UInt64, flags: UInt32, context: UnsafeMutableRawPointer?
) -> Int32 {
    guard let context else { return 0 }
    Unmanaged<MatchCollector>.fromOpaque(context).takeUnretainedValue().record(id: Int(id), end: Int(to))
    return 0
}
