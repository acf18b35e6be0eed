import Foundation
@testable import Matching
import Testing

@Suite struct MatcherTests {
    static let runwayPattern = PatternDefinition(
        regex: #"(?:(?<![A-Za-z0-9_])|(?<=\\[nrtfbv]))(key_[0-9A-Fa-f]{128})(?![0-9A-Za-z])"#, keywords: ["key_"],
        maxLength: 140, secretGroup: 1)
    static let assignment = PatternDefinition(
        regex: #"(?i)(?:token|secret)\s*[:=]\s*["']?([A-Za-z0-9+/]{12,64})"#, keywords: ["token", "secret"],
        maxLength: 120, secretGroup: 1)

    static func randomHex(_ count: Int) -> String { String((0..<count).map { _ in "0123456789abcdef".randomElement()! }) }

    static func scanBoth(_ patterns: [PatternDefinition], _ text: [UInt8], markers: [[UInt8]] = []) throws -> (MatcherOutput, MatcherOutput) {
        let matcher = try Matcher(database: try MatcherDatabase(patterns: patterns, markers: markers))
        return try text.withUnsafeBytes { (try matcher.scan($0), matcher.referenceScan($0)) }
    }

    @Test func fastPathAgreesWithReferenceOnRandomBuffers() throws {
        let pieces = ["key_", "token=", "secret: '", "\n", "\\n", " ", "_", "x", "=", "\""]
        for round in 0..<200 {
            var text = ""
            while text.utf8.count < 2_000 + round * 50 {
                switch Int.random(in: 0..<6) {
                case 0: text += "key_" + Self.randomHex([127, 128, 129, 64].randomElement()!)
                case 1: text += pieces.randomElement()! + Self.randomHex(Int.random(in: 4...70))
                case 2: text += String(repeating: "a", count: Int.random(in: 1...300))
                default: text += pieces.randomElement()!
                }
            }
            let (fast, reference) = try Self.scanBoth([Self.runwayPattern, Self.assignment], Array(text.utf8))
            #expect(fast.matches == reference.matches, "round \(round)")
        }
    }

    @Test func matchesStraddlingWindowMergesAreFoundOnce() throws {
        // Keys back to back and overlapping windows: each must be reported exactly once.
        let keys = (0..<5).map { _ in "key_" + Self.randomHex(128) }
        let text = Array(keys.joined(separator: " ").utf8)
        let (fast, reference) = try Self.scanBoth([Self.runwayPattern], text)
        #expect(fast.matches.count == 5)
        #expect(fast.matches == reference.matches)
    }

    @Test func keyAtBufferEdgesIsFound() throws {
        let key = "key_" + Self.randomHex(128)
        for text in [key, " " + key, key + "\n"] {
            let (fast, _) = try Self.scanBoth([Self.runwayPattern], Array(text.utf8))
            #expect(fast.matches.count == 1)
        }
    }

    @Test func keywordGateSkipsBuffersWithoutKeyword() throws {
        let pattern = PatternDefinition(regex: "[0-9a-f]{40}", keywords: ["sha="], maxLength: 40)
        let text = Array(Self.randomHex(40).utf8)
        let (fast, reference) = try Self.scanBoth([pattern], text)
        #expect(fast.matches.isEmpty)
        #expect(reference.matches.isEmpty)
        let (withKeyword, _) = try Self.scanBoth([pattern], Array(("sha=" + Self.randomHex(40)).utf8))
        #expect(withKeyword.matches.count == 1)
    }

    @Test func shortKeywordsAreSearchedForOnlyWhereTheirPatternHasACandidate() throws {
        // "sk" and "q~" are too short for the Vectorscan pass; a pattern gated by them still needs one
        // of them somewhere in the buffer, in any ASCII case, exactly as the reference scan does.
        let pattern = PatternDefinition(regex: "tok[0-9]{8}", keywords: ["sk", "q~"], maxLength: 11)
        let database = try MatcherDatabase(patterns: [pattern, Self.runwayPattern])
        #expect(database.prefilters == [.expression, .expression])
        #expect(database.keywords == ["sk", "q~", "key_"])
        #expect(database.keywordInDatabase == [false, false, true])
        let digits = String(Int.random(in: 10_000_000...99_999_999))
        for (text, found) in [
            ("tok\(digits)", false), ("tok\(digits) ... SK", true), ("Q~ tok\(digits)", true), ("s k q tok\(digits) ~", false),
            ("tok\(digits) sk tok12345678", true),
        ] {
            let (fast, reference) = try Self.scanBoth([pattern, Self.runwayPattern], Array(text.utf8))
            #expect(fast.matches == reference.matches, "\(text)")
            #expect(fast.matches.isEmpty == !found, "\(text)")
        }
        // A keyword's position is needed when it opens windows for a pattern Vectorscan cannot take:
        // then even a short keyword stays in the pass.
        let fallback = PatternDefinition(regex: #"sk_\K[a-z]{8}"#, keywords: ["sk_"], maxLength: 20)
        let both = try MatcherDatabase(patterns: [fallback, PatternDefinition(regex: "sk_[0-9]{4}", keywords: ["sk_"], maxLength: 8)])
        #expect(both.prefilters == [.keywords, .expression])
        #expect(both.keywordInDatabase == [true])
    }

    @Test func pathGatedPatternChecksItsShortKeywordOnlyWhereItsPathApplies() throws {
        let pattern = PatternDefinition(regex: "(?m)^[a-z]+[:=][a-z0-9]{6,}$", keywords: [":"], maxLength: 80, isPathGated: true)
        let matcher = try Matcher(database: try MatcherDatabase(patterns: [pattern]))
        let text = Array("alice:s3cret99\n".utf8)
        var asked = 0
        let applies = try text.withUnsafeBytes { buffer in
            try matcher.scan(buffer) { _ in
                asked += 1
                return true
            }
        }
        #expect(applies.matches.count == 1)
        #expect(asked == 1)
        let elsewhere = try text.withUnsafeBytes { try matcher.scan($0) { _ in false } }
        #expect(elsewhere.matches.isEmpty)
        let noKeyword = try Array("alice=s3cret99".utf8).withUnsafeBytes { try matcher.scan($0) { _ in true } }
        #expect(noKeyword.matches.isEmpty)
    }

    @Test func patternVectorscanCannotCompileFallsBackAndStillMatches() throws {
        // \K is beyond Vectorscan even in prefilter mode.
        let pattern = PatternDefinition(regex: #"<?tok_\K[a-z]{8}>?"#, keywords: ["tok_"], maxLength: 20)
        let database = try MatcherDatabase(patterns: [pattern])
        #expect(database.prefilters == [.keywords])
        let (fast, reference) = try Self.scanBoth([pattern], Array("x <tok_abcdefgh> tok_qwertyui".utf8))
        #expect(fast.matches.count == 2)
        #expect(fast.matches == reference.matches)
    }

    @Test func invalidRegexIsReportedWithPatternIndex() {
        #expect(throws: MatchingError.self) { try MatcherDatabase(patterns: [Self.runwayPattern, PatternDefinition(regex: "(unclosed")]) }
        do {
            _ = try MatcherDatabase(patterns: [Self.runwayPattern, PatternDefinition(regex: "(unclosed")])
        } catch {
            #expect(error.pattern == 1)
        }
    }

    @Test func missingSecretGroupAndEmptyMatchAreRejected() {
        #expect(throws: MatchingError.missingCaptureGroup(pattern: 0, group: 2, groupCount: 1)) {
            try MatcherDatabase(patterns: [PatternDefinition(regex: "a(b)", secretGroup: 2)])
        }
        #expect(throws: MatchingError.matchesEmpty(pattern: 0)) {
            try MatcherDatabase(patterns: [PatternDefinition(regex: "a*")])
        }
    }

    @Test func catastrophicBacktrackingIsBoundedAndReported() throws {
        // Vectorscan cannot take \K, so PCRE2 runs over the whole buffer and must give up in bounded time.
        let pattern = PatternDefinition(regex: #"(a|aa)+\K$"#, maxLength: 100_000)
        let text = Array((String(repeating: "a", count: 5_000) + "!").utf8)
        let matcher = try Matcher(database: try MatcherDatabase(patterns: [pattern]))
        let output = try text.withUnsafeBytes { try matcher.scan($0) }
        #expect(output.matches.isEmpty)
        #expect(output.limitExceeded == [0])
    }

    @Test func markersReportEveryOccurrence() throws {
        let text = Array("xxa2V5Xyy a2V5X".utf8)
        let (fast, reference) = try Self.scanBoth([Self.runwayPattern], text, markers: [Array("a2V5X".utf8)])
        #expect(fast.markerHits.map(\.end) == [7, 15])
        #expect(Set(fast.markerHits) == Set(reference.markerHits))
    }
}

@Suite struct PrefilterExpressionTests {
    @Test func largeBoundedRepeatsBecomeUnboundedOutsideClassesAndEscapes() {
        #expect(PrefilterExpression.relaxingLargeRepeats(#"a[\s\S]{0,1000}?b{2,5}c{64,8192}"#) == #"a[\s\S]{0,}?b{2,5}c{64,}"#)
        #expect(PrefilterExpression.relaxingLargeRepeats(#"\{1,500}[{1,500}]x{3}"#) == #"\{1,500}[{1,500}]x{3}"#)
        #expect(PrefilterExpression.relaxingLargeRepeats(#"[]{]{1,200}"#) == #"[]{]{1,}"#)
    }

    @Test func relaxedPrefilterStillAgreesWithReference() throws {
        let pattern = PatternDefinition(regex: #"BEGIN[\s\S]{0,2000}?END([a-z]{3})"#, keywords: ["begin"], maxLength: 2100, secretGroup: 1)
        let text = Array(("x BEGIN " + String(repeating: "y", count: 1500) + " ENDabc BEGIN zzENDdef " + String(repeating: "q", count: 3000) + "END").utf8)
        let matcher = try Matcher(database: try MatcherDatabase(patterns: [pattern]))
        let (fast, reference) = try text.withUnsafeBytes { (try matcher.scan($0), matcher.referenceScan($0)) }
        #expect(fast.matches.count == 2)
        #expect(fast.matches == reference.matches)
    }
}

@Suite struct DatabaseCacheTests {
    @Test func compiledDatabaseIsReusedAndADamagedEntryIsRebuilt() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/keywarden-cache-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let patterns = [
            MatcherTests.runwayPattern, PatternDefinition(regex: #"<?tok_\K[a-z]{8}>?"#, keywords: ["tok_"], maxLength: 20),
        ]
        let first = try MatcherDatabase(patterns: patterns, cacheDirectory: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 1)
        let cached = try MatcherDatabase(patterns: patterns, cacheDirectory: directory)
        #expect(cached.prefilters == first.prefilters)
        #expect(cached.prefilters == [.expression, .keywords])
        try Data("KWDB1garbage".utf8).write(to: URL(fileURLWithPath: directory + "/" + files[0]))
        let rebuilt = try MatcherDatabase(patterns: patterns, cacheDirectory: directory)
        let text = Array(("k=key_" + MatcherTests.randomHex(128) + " tok_abcdefgh").utf8)
        let output = try text.withUnsafeBytes { try Matcher(database: rebuilt).scan($0) }
        #expect(output.matches.count == 2)
    }
}
