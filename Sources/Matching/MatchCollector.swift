/// Sorts the match ends of one Vectorscan scan by what they belong to.
///
/// Ids are laid out as in `MatcherDatabase`: prefilter patterns first, then keywords, then markers.
final class MatchCollector {
    let patternCount: Int
    let keywordCount: Int
    /// Whether a keyword's every position is needed (it opens windows for a pattern Vectorscan
    /// could not compile), not just whether it occurs.
    let keywordPositionsNeeded: [Bool]

    private(set) var patternEnds: [[Int]]
    private(set) var keywordSeen: [Bool]
    private(set) var keywordEnds: [[Int]]
    private(set) var markerHits: [MarkerHit] = []
    /// The patterns with at least one end and the keywords seen in this buffer, in the order first
    /// reported: a buffer touches a handful of the hundreds of patterns, and both the reset and the
    /// matcher's confirmation loop visit those alone.
    private(set) var patternsWithEnds: [Int] = []
    private(set) var keywordsSeen: [Int] = []

    init(patternCount: Int, keywordPositionsNeeded: [Bool]) {
        self.patternCount = patternCount
        self.keywordCount = keywordPositionsNeeded.count
        self.keywordPositionsNeeded = keywordPositionsNeeded
        patternEnds = Array(repeating: [], count: patternCount)
        keywordSeen = Array(repeating: false, count: keywordCount)
        keywordEnds = Array(repeating: [], count: keywordCount)
    }

    /// Forgets the previous buffer's matches, keeping the storage.
    func reset() {
        for index in patternsWithEnds { patternEnds[index].removeAll(keepingCapacity: true) }
        for index in keywordsSeen {
            keywordSeen[index] = false
            keywordEnds[index].removeAll(keepingCapacity: true)
        }
        patternsWithEnds.removeAll(keepingCapacity: true)
        keywordsSeen.removeAll(keepingCapacity: true)
        markerHits.removeAll(keepingCapacity: true)
    }

    func record(id: Int, end: Int) {
        if id < patternCount {
            if patternEnds[id].isEmpty { patternsWithEnds.append(id) }
            patternEnds[id].append(end)
        } else if id < patternCount + keywordCount {
            let keyword = id - patternCount
            if !keywordSeen[keyword] {
                keywordSeen[keyword] = true
                keywordsSeen.append(keyword)
            }
            if keywordPositionsNeeded[keyword] { keywordEnds[keyword].append(end) }
        } else {
            markerHits.append(MarkerHit(marker: id - patternCount - keywordCount, end: end))
        }
    }
}
