import ArgumentParser
import Foundation

/// `caravan peers --hub URL`: the peer hubs a running hub recognises.
struct Peers: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the peer hubs a running hub recognises (needs the operator's token).",
    discussion: """
      One line per peer: its jurisdiction, URL, the RFC 7638 thumbprint of the key the hub \
      recognises it by (or "no key": nothing passes in or out), and what is known of its \
      directory. Exit 0, or 1 when the hub cannot be reached or refuses.
      """
  )

  @OptionGroup var options: HubOptions

  @Flag(help: "Print the hub's JSON answer as it is.")
  var json = false

  func run() async throws {
    let client = try options.client()
    let path = "/v1/exchange/peers"
    let (body, peers) = try await talkingToHub { () async throws(HubClientError) in
      let body = try await client.get(path)
      return (body, try client.decode([PeerView].self, body, from: path))
    }
    if json {
      print(String(decoding: body, as: UTF8.self))
      return
    }
    if peers.isEmpty { printError("\(client.base) recognises no peer hub") }
    for peer in peers { print(peer.line) }
  }
}

/// A peer hub as the API shows it (`GET /v1/exchange/peers`).
struct PeerView: Decodable {
  var jurisdiction: String
  var url: String
  /// RFC 7638 thumbprint of the recognised key; absent when none is configured.
  var keyThumbprint: String?
  var documentTypes: [String]
  var agreements: [String]
  var directoryFetched: String?
  var directoryExpires: String?
  var participants: Int?

  /// `TH  http://…  key <thumbprint>  directory: 12 participants, expires <time>`.
  var line: String {
    var parts = [jurisdiction, url, keyThumbprint.map { "key \($0)" } ?? "no key"]
    if let participants {
      parts.append(
        "directory: \(participants) participant\(participants == 1 ? "" : "s")"
          + (directoryExpires.map { ", expires \($0)" } ?? ""))
    } else {
      parts.append("directory: not read yet")
    }
    if !agreements.isEmpty { parts.append("agreements: " + agreements.joined(separator: ", ")) }
    return parts.joined(separator: "  ")
  }
}
