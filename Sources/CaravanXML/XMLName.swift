/// An expanded XML name: namespace URI and local name. Prefixes are not part of a name's
/// identity (Namespaces in XML 1.0, §3).
public struct XMLName: Sendable, Hashable, CustomStringConvertible {
  /// The namespace URI, empty for no namespace.
  public let namespace: String
  /// The local part.
  public let local: String

  public init(_ namespace: String, _ local: String) {
    self.namespace = namespace
    self.local = local
  }

  /// `{namespace}local`, Clark notation.
  public var description: String { namespace.isEmpty ? local : "{\(namespace)}\(local)" }
}
