/// Infers the environments a key is used in from where it was found: `.env.production`,
/// `config/staging/…`, `k8s/prod/…`, CI workflow files, …
public enum EnvironmentInference {
    static let synonyms: [String: String] = [
        "production": "production", "prod": "production", "prd": "production", "live": "production",
        "staging": "staging", "stage": "staging", "stg": "staging", "preprod": "staging",
        "development": "development", "dev": "development", "local": "development",
        "test": "test", "testing": "test", "qa": "test", "ci": "ci",
    ]

    static let ciPaths = [
        ".github/workflows/", ".gitlab-ci.yml", ".circleci/", "Jenkinsfile", ".travis.yml", "azure-pipelines.yml",
        "bitbucket-pipelines.yml", ".buildkite/", ".drone.yml",
    ]

    /// The environments `path` points at, e.g. `["production"]` for `deploy/prod/values.yaml`.
    public static func environments(forPath path: String) -> [String] {
        var found: [String] = []
        if ciPaths.contains(where: { path.hasPrefix($0) || path.contains("/" + $0) }) { found.append("ci") }
        let tokens = path.lowercased().split(whereSeparator: { "/._- ".contains($0) }).map(String.init)
        for token in tokens {
            if let environment = synonyms[token], !found.contains(environment) { found.append(environment) }
        }
        return found
    }

    /// The environments a Kubernetes namespace name points at: `production`, `payments-prod`, `staging-eu`.
    public static func environments(forNamespace namespace: String) -> [String] {
        var found: [String] = []
        for token in namespace.lowercased().split(whereSeparator: { "-._".contains($0) }).map(String.init) {
            if let environment = synonyms[token], !found.contains(environment) { found.append(environment) }
        }
        return found
    }

    /// Whether `path` is an environment file (`.env`, `.env.production`, `prod.env`, `.envrc`), the
    /// place a key is expected to be loaded from rather than hard-coded.
    public static func isEnvironmentFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == ".env" || name.hasPrefix(".env.") || name.hasSuffix(".env") || name == ".envrc"
    }
}
