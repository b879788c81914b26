import SwitchyardCore

extension Gemini {
    /// Ids for function calls that Gemini returned without one.
    enum ToolCallID {
        /// `call_` and 16 hex digits of an FNV-1a hash of the response id and the call's position, so the same
        /// response always yields the same ids and different responses (different `responseId`s) do not collide.
        static func synthesize(responseID: String, index: Int) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in "\(responseID)#\(index)".utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            let hex = String(hash, radix: 16)
            return "call_" + String(repeating: "0", count: 16 - hex.count) + hex
        }
    }
}
