extension Inventory {
    /// `.keywarden/inventory.toml` in the root of the repository holding `directory`, or in
    /// `directory` itself outside a repository.
    public static func defaultLocation(from directory: String) -> String {
        (RepositoryPaths.repositoryRoot(for: directory) ?? directory + "/") + defaultPath
    }
}
