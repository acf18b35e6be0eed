import Matching

/// An allowlist with its regexes compiled for one worker.
final class CompiledAllowlist {
    let allowlist: Allowlist
    private let paths: [CompiledRegex]
    private let regexes: [CompiledRegex]

    init(_ allowlist: Allowlist) throws {
        self.allowlist = allowlist
        paths = try allowlist.paths.map { try CompiledRegex($0) }
        regexes = try allowlist.regexes.map { try CompiledRegex($0) }
    }

    /// Whether the allowlist's path criterion matches `path`; nil when it has none.
    func matchesPath(_ path: String) -> Bool? {
        paths.isEmpty ? nil : paths.contains { $0.matches(path) }
    }

    /// Whether this allowlist lets the match go unreported.
    func allows(_ context: MatchContext) -> Bool {
        var criteria: [Bool] = []
        if !paths.isEmpty { criteria.append(paths.contains { $0.matches(context.path) }) }
        if !regexes.isEmpty {
            let target: String
            switch allowlist.regexTarget {
            case .secret: target = context.secret
            case .match: target = context.matchText
            case .line: target = context.line
            }
            criteria.append(regexes.contains { $0.matches(target) })
        }
        if !allowlist.stopwords.isEmpty {
            let secret = context.secret.lowercased()
            criteria.append(allowlist.stopwords.contains { secret.contains($0) })
        }
        if !allowlist.commits.isEmpty {
            let commit = context.commit?.lowercased()
            criteria.append(commit.map { commit in allowlist.commits.contains { commit.hasPrefix($0) } } ?? false)
        }
        guard !criteria.isEmpty else { return false }
        switch allowlist.condition {
        case .or: return criteria.contains(true)
        case .and: return criteria.allSatisfy { $0 }
        }
    }
}
