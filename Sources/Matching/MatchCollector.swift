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
        for index in patternEnds.indices where !patternEnds[index].isEmpty {
            patternEnds[index].removeAll(keepingCapacity: true)
        }
        for index in keywordSeen.indices where keywordSeen[index] {
            keywordSeen[index] = false
            keywordEnds[index].removeAll(keepingCapacity: true)
        }
        markerHits.removeAll(keepingCapacity: true)
    }

    func record(id: Int, end: Int) {
        if id < patternCount {
            patternEnds[id].append(end)
        } else if id < patternCount + keywordCount {
            let keyword = id - patternCount
            keywordSeen[keyword] = true
            if keywordPositionsNeeded[keyword] { keywordEnds[keyword].append(end) }
        } else {
            markerHits.append(MarkerHit(marker: id - patternCount - keywordCount, end: end))
        }
    }
}
