import Foundation

/// Works out what a CI run should scan from the CI system's environment: the pushed range of a
/// GitHub Actions push (a new branch included), a pull or merge request's commits, a GitLab push;
/// the whole history when it cannot tell.
public struct CIEnvironment: Sendable {
    /// What to scan.
    public enum Plan: Sendable, Equatable {
        /// The lines added by the commits reachable from `include` but not from `exclude`.
        case range(include: String, exclude: String, description: String)
        /// A new branch: what no other remote-tracking branch has.
        case newBranch(tip: String, description: String)
        /// Everything, with the reason the range could not be worked out.
        case fullHistory(reason: String)
    }

    public let variables: [String: String]

    public init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    static func isZero(_ sha: String) -> Bool { !sha.isEmpty && sha.allSatisfy { $0 == "0" } }

    public func plan() -> Plan {
        if variables["GITHUB_ACTIONS"] == "true" { return githubPlan() }
        if variables["GITLAB_CI"] == "true" { return gitlabPlan() }
        return .fullHistory(reason: "no GitHub Actions or GitLab CI environment found")
    }

    private func githubPlan() -> Plan {
        let event = variables["GITHUB_EVENT_NAME"] ?? ""
        guard let path = variables["GITHUB_EVENT_PATH"], let data = FileManager.default.contents(atPath: path),
            let payload = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else {
            return .fullHistory(reason: "GitHub Actions \(event) event without a readable GITHUB_EVENT_PATH")
        }
        switch event {
        case "push":
            guard let after = payload["after"] as? String, !Self.isZero(after) else {
                return .fullHistory(reason: "GitHub push event without an 'after' commit (a deletion?)")
            }
            let before = payload["before"] as? String ?? ""
            if before.isEmpty || Self.isZero(before) {
                return .newBranch(tip: after, description: "GitHub push of a new branch at \(after.prefix(12))")
            }
            return .range(include: after, exclude: before, description: "GitHub push \(before.prefix(12))..\(after.prefix(12))")
        case "pull_request", "pull_request_target":
            let request = payload["pull_request"] as? [String: Any]
            guard let base = (request?["base"] as? [String: Any])?["sha"] as? String,
                let head = (request?["head"] as? [String: Any])?["sha"] as? String
            else {
                return .fullHistory(reason: "GitHub pull_request event without base and head commits")
            }
            return .range(include: head, exclude: base, description: "GitHub pull request \(base.prefix(12))..\(head.prefix(12))")
        default:
            return .fullHistory(reason: "GitHub Actions \(event.isEmpty ? "unknown" : event) event has no pushed range")
        }
    }

    private func gitlabPlan() -> Plan {
        guard let sha = variables["CI_COMMIT_SHA"], !sha.isEmpty else {
            return .fullHistory(reason: "GitLab CI without CI_COMMIT_SHA")
        }
        if let base = variables["CI_MERGE_REQUEST_DIFF_BASE_SHA"], !base.isEmpty {
            return .range(include: sha, exclude: base, description: "GitLab merge request \(base.prefix(12))..\(sha.prefix(12))")
        }
        let before = variables["CI_COMMIT_BEFORE_SHA"] ?? ""
        if before.isEmpty || Self.isZero(before) {
            return .newBranch(tip: sha, description: "GitLab push of a new branch at \(sha.prefix(12))")
        }
        return .range(include: sha, exclude: before, description: "GitLab push \(before.prefix(12))..\(sha.prefix(12))")
    }
}
