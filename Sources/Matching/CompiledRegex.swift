import CPCRE2

/// A PCRE2 expression compiled for one thread's use, with its own match data.
///
/// This is the only file that calls PCRE2. Matching works on raw bytes (no UTF mode) and is bounded
/// by PCRE2's match limit, so a pathological user expression costs bounded time and is reported
/// instead of hanging the scan.
public final class CompiledRegex {
    /// The outcome of one search.
    public enum SearchResult {
        /// A match: the range of each capture group (nil when the group did not take part).
        case match([Range<Int>?])
        case noMatch
        /// PCRE2 gave up: the match or depth limit was reached.
        case limitExceeded
    }

    /// How many steps one search may take before it is abandoned.
    public static let defaultMatchLimit: UInt32 = 2_000_000

    private let code: OpaquePointer
    /// JIT compilation costs more than most scans of a small buffer: it happens on first use.
    private var isJITCompiled = false
    private let matchData: OpaquePointer
    private let matchContext: OpaquePointer?
    /// The number of capture groups in the expression.
    public let captureGroupCount: Int

    /// Compiles `pattern`.
    /// - Throws: `MatchingError.invalidRegex` with PCRE2's message and the offset where it failed.
    public init(_ pattern: String, caseInsensitive: Bool = false, patternIndex: Int = 0) throws(MatchingError) {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var options: UInt32 = 0
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        let utf8 = Array(pattern.utf8)
        let compiled = utf8.withUnsafeBufferPointer { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw MatchingError.invalidRegex(
                pattern: patternIndex, message: Self.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        var count: UInt32 = 0
        _ = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureGroupCount = Int(count)
        matchData = pcre2_match_data_create_from_pattern_8(compiled, nil)
        matchContext = pcre2_match_context_create_8(nil)
        if let matchContext {
            pcre2_set_match_limit_8(matchContext, Self.defaultMatchLimit)
            pcre2_set_depth_limit_8(matchContext, 100_000)
        }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        if let matchContext { pcre2_match_context_free_8(matchContext) }
        pcre2_code_free_8(code)
    }

    /// Searches `buffer[..<end]` for the first match starting at or after `start`.
    ///
    /// Bytes before `start` are visible to lookbehind assertions. `endIsTruncated` tells PCRE2 that
    /// `end` is not the real end of the data, so `$` does not match there.
    public func firstMatch(
        in buffer: UnsafeRawBufferPointer, from start: Int, to end: Int, endIsTruncated: Bool = false
    ) -> SearchResult {
        guard start <= end, end <= buffer.count else { return .noMatch }
        if !isJITCompiled {
            isJITCompiled = true
            // JIT is an optimisation only: an expression the JIT cannot handle still matches interpreted.
            _ = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE))
        }
        let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let options: UInt32 = endIsTruncated ? UInt32(PCRE2_NOTEOL) : 0
        let emptyByte: UInt8 = 0
        let status: Int32 = withUnsafePointer(to: emptyByte) { empty in
            pcre2_match_8(code, base ?? empty, end, start, options, matchData, matchContext)
        }
        if status == PCRE2_ERROR_NOMATCH || status == PCRE2_ERROR_PARTIAL { return .noMatch }
        if status == PCRE2_ERROR_MATCHLIMIT || status == PCRE2_ERROR_DEPTHLIMIT
            || status == PCRE2_ERROR_HEAPLIMIT || status == PCRE2_ERROR_JIT_STACKLIMIT
        {
            return .limitExceeded
        }
        guard status >= 0 else { return .limitExceeded }
        let vector = pcre2_get_ovector_pointer_8(matchData)!
        let pairs = Int(pcre2_get_ovector_count_8(matchData))
        let unset = kw_pcre2_unset()
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(captureGroupCount + 1)
        for group in 0...captureGroupCount {
            guard group < pairs else {
                groups.append(nil)
                continue
            }
            let lower = vector[2 * group]
            let upper = vector[2 * group + 1]
            groups.append(lower == unset || upper < lower ? nil : Int(lower)..<Int(upper))
        }
        return .match(groups)
    }

    /// Whether the expression matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [] }
        return bytes.withUnsafeBytes { buffer in
            if case .match = firstMatch(in: buffer, from: 0, to: buffer.count) { return true }
            return false
        }
    }

    /// Whether the expression matches somewhere in `bytes`.
    public func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if case .match = firstMatch(in: bytes, from: 0, to: bytes.count) { return true }
        return false
    }

    private static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        guard length > 0 else { return "PCRE2 error \(errorCode)" }
        return String(decoding: buffer[..<Int(length)], as: UTF8.self)
    }
}
