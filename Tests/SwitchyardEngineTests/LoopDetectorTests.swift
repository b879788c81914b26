import SwitchyardEngine
import Testing

@Suite("Loop detection")
struct LoopDetectorTests {
    @Test("The threshold-th identical call in the window is refused until the oldest ages out")
    func loop() {
        let detector = LoopDetector(threshold: 3, window: .seconds(60))
        let start = ContinuousClock.now
        #expect(detector.check(42, now: start) == nil)
        #expect(detector.check(42, now: start + .seconds(1)) == nil)
        #expect(detector.check(42, now: start + .seconds(2)) == .seconds(58))
        #expect(detector.check(7, now: start + .seconds(2)) == nil)
        // Refused repeats are not counted: once the first call ages out, one more is let through.
        #expect(detector.check(42, now: start + .seconds(60)) == nil)
        #expect(detector.check(42, now: start + .seconds(60.5)) == .seconds(0.5))
    }
}
