extension MockUpstream {
    /// A fault specification (an `x-mock-fault` header or a CLI flag) that could not be read.
    public struct FaultSpecificationError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The item that could not be read, such as `status=abc`.
        public var item: String
        /// Why it could not be read.
        public var reason: String

        /// An error about `item`.
        public init(item: String, reason: String) {
            self.item = item
            self.reason = reason
        }

        /// One line naming the item and the reason.
        public var description: String {
            "Invalid mock fault `\(item)`: \(reason)."
        }
    }
}
