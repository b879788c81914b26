extension ConcurrencyLimiter {
    /// The permits and the FIFO wait queue of one limiter: pure bookkeeping, run under the limiter's lock, that
    /// returns the continuations to resume once the lock is released.
    ///
    /// A waiter takes its place in the queue before its continuation exists (the continuation is created only
    /// after the decision to wait). Whatever happens to it in between (a permit handed over, a timeout, a
    /// cancellation) is kept in `decided` and delivered when the continuation is attached, so every waiter is
    /// resumed exactly once whatever the order of events.
    struct StateMachine {
        typealias Continuation = CheckedContinuation<Void, any Error>

        /// What ``acquire()`` decided.
        enum Acquisition {
            /// A permit was free and is now the caller's.
            case acquired
            /// The caller waits in the queue under this id.
            case enqueued(UInt64)
            /// The queue is full.
            case rejected
        }

        private struct Waiter {
            let id: UInt64
            var continuation: Continuation?
        }

        let maximumConcurrent: Int
        let maximumQueued: Int
        /// Permits held, including those handed to waiters not yet resumed.
        private(set) var running = 0
        private var waiters: [Waiter] = []
        private var decided: [UInt64: Result<Void, any Error>] = [:]
        private var nextID: UInt64 = 0

        init(maximumConcurrent: Int, maximumQueued: Int) {
            self.maximumConcurrent = maximumConcurrent
            self.maximumQueued = maximumQueued
        }

        /// Callers waiting for a permit.
        var queued: Int { waiters.count }

        /// Takes a free permit, or a place in the queue, or neither.
        ///
        /// A freed permit goes straight to the first waiter, so a free permit implies an empty queue and a new
        /// caller never overtakes a waiter.
        mutating func acquire() -> Acquisition {
            if running < maximumConcurrent {
                running += 1
                return .acquired
            }
            guard waiters.count < maximumQueued else { return .rejected }
            let id = nextID
            nextID += 1
            waiters.append(Waiter(id: id))
            return .enqueued(id)
        }

        /// Attaches the continuation of waiter `id`; returns the outcome to resume it with at once when it was
        /// decided before the continuation existed.
        mutating func attach(_ continuation: Continuation, to id: UInt64) -> Result<Void, any Error>? {
            if let outcome = decided.removeValue(forKey: id) { return outcome }
            guard let position = waiters.firstIndex(where: { $0.id == id }) else {
                preconditionFailure("waiter \(id) is neither queued nor decided")
            }
            waiters[position].continuation = continuation
            return nil
        }

        /// Returns a permit: hands it to the first waiter (returning its continuation to resume, when attached)
        /// or frees it.
        mutating func release() -> Continuation? {
            guard !waiters.isEmpty else {
                running -= 1
                return nil
            }
            let waiter = waiters.removeFirst()
            guard let continuation = waiter.continuation else {
                decided[waiter.id] = .success(())
                return nil
            }
            return continuation
        }

        /// Takes waiter `id` out of the queue because it timed out or was cancelled; returns its continuation to
        /// resume with `error`, when attached. Does nothing when the waiter already has its permit or left.
        mutating func abandon(_ id: UInt64, with error: any Error) -> Continuation? {
            guard let position = waiters.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = waiters.remove(at: position)
            guard let continuation = waiter.continuation else {
                decided[waiter.id] = .failure(error)
                return nil
            }
            return continuation
        }
    }
}
