import ArgumentParser

/// Placeholder for the document engine's command.
struct Inspect: ParsableCommand {}

/// Placeholder for the document engine's command.
struct Convert: ParsableCommand {}
