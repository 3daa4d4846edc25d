import CaravanTrust

enum TestKeys {
  /// A fresh log key for tests that only need some signer.
  static func logSigner(name: String = "example.com/test-log") throws -> NoteSigner {
    try NoteSigner.generate(name: name)
  }
}
