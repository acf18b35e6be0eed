import GitStore

extension Inventory {
    /// `.keywarden/inventory.toml` in the root of the repository holding `directory`, or in
    /// `directory` itself outside a repository.
    public static func defaultLocation(from directory: String) -> String {
        if Repository.exists(containing: directory), let root = try? Repository(discoveringFrom: directory).workingDirectory {
            return root + defaultPath
        }
        return directory + "/" + defaultPath
    }
}
