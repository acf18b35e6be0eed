/// Redacts the secrets in a message before anyone sees it: the one redaction point for every
/// error, note and log line that quotes user content.
enum SecretScrubber {
    /// One detector for every message, made on first use: making one per message would compile its
    /// allowlists again for each of thousands of problems.
    private static let detector = Locked<SecretDetector?>(nil)

    /// `text` with each secret the default rules find in it replaced by its redacted form; `text`
    /// itself when there is none (or the rules cannot run, which `RuleSet.defaults()` never does).
    static func scrubbed(_ text: String) -> String {
        // The shortest secret any default rule reports is longer than this.
        guard text.utf8.count >= 8 else { return text }
        let bytes = Array(text.utf8)
        let found: [Detection]? = detector.withLock { detector in
            if detector == nil, let compiled = try? CompiledRuleSet.prepared(RuleSet.defaults()) {
                detector = try? SecretDetector(rules: compiled)
            }
            return try? detector.map { detector in try bytes.withUnsafeBytes { try detector.detect(in: $0, path: "") } }
        }
        guard let detections = found else { return text }
        // Plain secrets stand at their offset; one found by decoding stands for its whole encoded run,
        // which is redacted from its offset to the next character that cannot be base64.
        var ranges: [Range<Int>] = detections.map { detection in
            guard detection.encoding != nil else { return detection.offset..<(detection.offset + detection.secret.utf8.count) }
            var end = detection.offset
            while end < bytes.count, EncodedSignatures.isBase64(bytes[end]) { end += 1 }
            return detection.offset..<end
        }
        guard !ranges.isEmpty else { return text }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for range in ranges where range.upperBound > position {
            let start = max(range.lowerBound, position)
            output += bytes[position..<start]
            output += Array(Redaction.redact(String(decoding: bytes[start..<range.upperBound], as: UTF8.self)).utf8)
            position = range.upperBound
        }
        output += bytes[position...]
        return String(decoding: output, as: UTF8.self)
    }
}
