import CaravanExchange
import CaravanTrust
import Foundation
import Logging

/// The peers' directories as this hub last read them, each kept until its expiry, and read
/// again when a receiver is not found in one older than ``minimumAge``.
actor DirectoryCache {
  private struct Cached {
    var directory: HubDirectory
    var fetched: Date
  }

  /// A directory younger than this is not read again to look for a missing receiver.
  static let minimumAge: TimeInterval = 1

  private let peers: PeerTable
  private let transport: (any PeerTransport)?
  private let logger: Logger
  private var cached: [String: Cached] = [:]
  private var fetching: [String: Task<HubDirectory?, Never>] = [:]

  init(peers: PeerTable, transport: (any PeerTransport)?, logger: Logger) {
    self.peers = peers
    self.transport = transport
    self.logger = logger
  }

  /// The peer serving `receiver` and the syntax the receiver reads, or nil when no peer's
  /// directory lists it.
  func route(_ receiver: String, now: Date = Date()) async -> (PeerHub, HubDirectory.Entry)? {
    for peer in peers.sorted where peer.key != nil {
      if let directory = await directory(of: peer, now: now, refreshOlderThan: nil),
        let entry = directory.entry(for: receiver)
      {
        return (peer, entry)
      }
    }
    // Not found: a participant may have registered since; ask again those read a while ago.
    for peer in peers.sorted where peer.key != nil {
      if let directory = await directory(
        of: peer, now: now, refreshOlderThan: now.addingTimeInterval(-Self.minimumAge)),
        let entry = directory.entry(for: receiver)
      {
        return (peer, entry)
      }
    }
    return nil
  }

  /// Reads every peer's directory now (at start, so that routes are known before the first
  /// submission).
  func refreshAll() async {
    for peer in peers.sorted where peer.key != nil {
      _ = await directory(of: peer, now: Date(), refreshOlderThan: .distantFuture)
    }
  }

  /// What the cache holds, for the operator: per peer, when read and until when.
  func status() -> [String: (fetched: Date, expires: Date, participants: Int)] {
    cached.mapValues { ($0.fetched, $0.directory.expires, $0.directory.participants.count) }
  }

  private func directory(of peer: PeerHub, now: Date, refreshOlderThan: Date?) async
    -> HubDirectory?
  {
    if let entry = cached[peer.jurisdiction], entry.directory.expires > now,
      refreshOlderThan.map({ entry.fetched >= $0 }) ?? true
    {
      return entry.directory
    }
    if let task = fetching[peer.jurisdiction] { return await task.value }
    let task = Task { await self.fetch(peer) }
    fetching[peer.jurisdiction] = task
    let directory = await task.value
    fetching[peer.jurisdiction] = nil
    // A peer that cannot be read keeps its last directory: a hub that is down for a while
    // must still receive what is queued for it.
    return directory ?? cached[peer.jurisdiction]?.directory
  }

  private func fetch(_ peer: PeerHub) async -> HubDirectory? {
    guard let transport, let key = peer.key else { return nil }
    do {
      let signed = try await transport.directory(of: peer)
      let jws = try DetachedJWS(parsing: signed.signature)
      try jws.verify(document: signed.bytes, key: key)
      guard jws.header.docType == HubDirectory.documentType else {
        throw SignatureError.malformed("docType is not \(HubDirectory.documentType)")
      }
      let directory = try HubDirectory(decoding: signed.bytes)
      guard directory.jurisdiction == peer.jurisdiction else {
        throw PeerError.invalid(
          "the directory at \(peer.url) is \(directory.jurisdiction)'s, not \(peer.jurisdiction)'s")
      }
      cached[peer.jurisdiction] = Cached(directory: directory, fetched: Date())
      return directory
    } catch {
      logger.warning(
        "peer directory unavailable",
        metadata: ["peer": "\(peer.jurisdiction)", "url": "\(peer.url)", "error": "\(error)"])
      return nil
    }
  }
}
