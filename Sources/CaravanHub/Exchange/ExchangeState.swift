import CaravanExchange
import Foundation
import Logging
import Synchronization

/// How deliveries are retried: exponential backoff from ``first`` to ``longest`` with ±20 %
/// jitter, and a final refusal after ``maximumAttempts``.
public struct RetrySchedule: Hashable, Sendable {
  public var first: TimeInterval
  public var longest: TimeInterval
  public var maximumAttempts: Int

  /// About 1 s, 2 s, 4 s … then every 5 minutes, for about two days.
  public static let standard = RetrySchedule(first: 1, longest: 300, maximumAttempts: 600)

  public init(first: TimeInterval, longest: TimeInterval, maximumAttempts: Int) {
    self.first = first
    self.longest = longest
    self.maximumAttempts = maximumAttempts
  }

  /// The wait after the `attempts`-th failed attempt.
  func delay(after attempts: Int) -> TimeInterval {
    let exponent = Double(max(0, min(attempts - 1, 30)))
    let base = min(first * pow(2, exponent), longest)
    return base * Double.random(in: 0.8...1.2)
  }
}

/// The hub's exchange state: its peers, their cached directories, its policy, the nonces of
/// requests it accepted, and the deliveries in flight.
final class ExchangeState: Sendable {
  let peers: PeerTable
  let transport: (any PeerTransport)?
  let directories: DirectoryCache
  let policy = Mutex<SignedPolicy?>(nil)
  let nonces = NonceCache()
  let wakeup = Signal()
  let inFlight = Mutex<Set<String>>([])
  /// The published directory, rebuilt at most every few seconds.
  let published = Mutex<(built: Date, signed: SignedBytes)?>(nil)

  init(peers: PeerTable, transport: (any PeerTransport)?, logger: Logger) {
    self.peers = peers
    self.transport = transport
    self.directories = DirectoryCache(peers: peers, transport: transport, logger: logger)
  }
}
