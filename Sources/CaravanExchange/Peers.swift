import CaravanModel
public import CaravanTrust
public import Foundation

/// Another jurisdiction's hub, as this hub recognises it: where it answers, the key its
/// requests, directories and receipts are signed with, the document types it is recognised
/// for, and the agreements in force with it.
public struct PeerHub: Hashable, Sendable {
  /// ISO 3166-1 alpha-2 code.
  public var jurisdiction: String
  /// Base URL, without a trailing slash (`http://127.0.0.1:8083`).
  public var url: String
  /// The peer's hub key; nil when only its address is known, which lets nothing in or out.
  public var key: VerificationKey?
  /// Document types (UNTDID 1001 codes, as `en16931:380`) accepted from it, or `*`.
  public var documentTypes: [String]
  /// Agreements in force between the two jurisdictions (policy `when.agreement`).
  public var agreements: [String]

  public init(
    jurisdiction: String, url: String, key: VerificationKey?, documentTypes: [String] = ["*"],
    agreements: [String] = []
  ) {
    self.jurisdiction = jurisdiction
    self.url = url
    self.key = key
    self.documentTypes = documentTypes
    self.agreements = agreements
  }

  /// The key identifier its signatures carry: its jurisdiction code.
  public var keyID: String { jurisdiction }

  /// Whether documents of `documentType` are recognised from this peer.
  public func recognises(_ documentType: String) -> Bool {
    documentTypes.contains("*") || documentTypes.contains(documentType)
  }
}

/// The peers a hub knows: its exchange trust registry. Read from a peers file, with
/// `--peer CODE=URL` options laid over it.
///
/// ```json
/// {"peers": [{"jurisdiction": "TH", "url": "http://127.0.0.1:8083",
///             "key": "<JWK, SPKI PEM or C2SP verifier key of the TH hub>",
///             "documentTypes": ["*"], "agreements": ["DEPA"]}]}
/// ```
public struct PeerTable: Hashable, Sendable {
  public private(set) var peers: [String: PeerHub] = [:]

  public init(_ peers: [PeerHub] = []) {
    for peer in peers { self.peers[peer.jurisdiction] = peer }
  }

  public subscript(jurisdiction: String) -> PeerHub? { peers[jurisdiction] }

  /// Peers ordered by jurisdiction.
  public var sorted: [PeerHub] { peers.values.sorted { $0.jurisdiction < $1.jurisdiction } }

  /// Reads a peers file.
  public init(file bytes: [UInt8], path: String) throws(PeerError) {
    struct File: Decodable {
      struct Entry: Decodable {
        var jurisdiction: String
        var url: String
        var key: String?
        var documentTypes: [String]?
        var agreements: [String]?
      }
      var peers: [Entry]
    }
    let file: File
    do { file = try JSONDecoder().decode(File.self, from: Data(bytes)) } catch {
      throw .invalid("\(path): \(error)")
    }
    for (i, entry) in file.peers.enumerated() {
      let place = "\(path): peers[\(i)]"
      let key: VerificationKey?
      do { key = try entry.key.map(VerificationKey.load(text:)) } catch {
        throw .invalid("\(place).key: \(error)")
      }
      try add(
        PeerHub(
          jurisdiction: entry.jurisdiction, url: try Self.checkedURL(entry.url, place: place),
          key: key, documentTypes: entry.documentTypes ?? ["*"],
          agreements: entry.agreements ?? []), place: place)
    }
  }

  /// Sets a peer's address from a `CODE=URL` option, adding the peer when the file had none.
  public mutating func setAddress(_ option: String) throws(PeerError) {
    let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else {
      throw .invalid("--peer \(option): expected CODE=URL, as TH=http://127.0.0.1:8083")
    }
    let url = try Self.checkedURL(parts[1], place: "--peer \(option)")
    if var peer = peers[parts[0]] {
      peer.url = url
      peers[parts[0]] = peer
    } else {
      try add(PeerHub(jurisdiction: parts[0], url: url, key: nil), place: "--peer \(option)")
    }
  }

  private mutating func add(_ peer: PeerHub, place: String) throws(PeerError) {
    guard CodeList.countryCodes.contains(peer.jurisdiction) else {
      throw .invalid("\(place): \"\(peer.jurisdiction)\" is not an ISO 3166-1 alpha-2 code")
    }
    guard peers[peer.jurisdiction] == nil else {
      throw .invalid("\(place): \(peer.jurisdiction) is listed twice")
    }
    peers[peer.jurisdiction] = peer
  }

  private static func checkedURL(_ text: String, place: String) throws(PeerError) -> String {
    guard let url = baseURL(text) else {
      throw .invalid("\(place): \"\(text)\" is not an http or https base URL")
    }
    return url
  }

  /// `text` without trailing slashes when it is an http or https URL with a host and without
  /// query or fragment (a hub's base URL); nil otherwise.
  public static func baseURL(_ text: String) -> String? {
    var url = text
    while url.hasSuffix("/") { url.removeLast() }
    guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
      scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty,
      parsed.query == nil, parsed.fragment == nil
    else { return nil }
    return url
  }
}

/// Why peers could not be configured.
public enum PeerError: Error, Hashable, Sendable, CustomStringConvertible {
  case invalid(String)

  public var description: String {
    switch self {
    case .invalid(let why): return why
    }
  }
}
