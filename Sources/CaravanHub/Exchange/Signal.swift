import Synchronization

/// Wakes one waiting task, or the next one to wait when none is waiting.
final class Signal: Sendable {
  private struct State {
    var pending = false
    var waiter: CheckedContinuation<Void, Never>?
  }
  private let state = Mutex(State())

  func fire() {
    let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
      if let waiter = state.waiter {
        state.waiter = nil
        return waiter
      }
      state.pending = true
      return nil
    }
    waiter?.resume()
  }

  /// Returns when fired, or after `timeout`.
  func wait(timeout: Duration) async {
    let timer = Task { [weak self] in
      // Cancelled when the wait ends first: then it must not fire, or the next wait would
      // return at once.
      guard (try? await Task.sleep(for: timeout)) != nil else { return }
      self?.fire()
    }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let ready = state.withLock { state -> Bool in
        if state.pending {
          state.pending = false
          return true
        }
        state.waiter = continuation
        return false
      }
      if ready { continuation.resume() }
    }
    timer.cancel()
  }
}
