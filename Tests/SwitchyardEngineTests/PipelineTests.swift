import Logging
import SwitchyardCore
import SwitchyardEngine
import Testing

@Suite("Pipeline")
struct PipelineTests {
    /// Appends its label to the input and passes it on, or refuses when told to.
    struct LabelStage: PipelineStage {
        let label: String
        var refuses = false
        var name: SwitchyardError.Stage { .policy }

        func intercept(_ input: [String], context: CallContext, next: ([String], CallContext) async throws -> [String]) async throws -> [String] {
            if refuses { throw SwitchyardError(code: .permissionDenied, message: "\(label) refused", stage: name) }
            return try await next(input + [label], context)
        }
    }

    let context = CallContext(requestID: "req_test", principal: .anonymous, logger: Logger(label: "test"))

    @Test("Stages run in order and end in the terminal")
    func order() async throws {
        let pipeline = Pipeline<[String], [String]>(stages: [LabelStage(label: "a"), LabelStage(label: "b")]) { input, _ in
            input + ["terminal"]
        }
        #expect(try await pipeline.run([], context: context) == ["a", "b", "terminal"])
    }

    @Test("A refusing stage stops the pipeline before the terminal")
    func refusal() async throws {
        let pipeline = Pipeline<[String], [String]>(stages: [LabelStage(label: "a", refuses: true), LabelStage(label: "b")]) { _, _ in
            Issue.record("The terminal must not run")
            return []
        }
        await #expect(throws: SwitchyardError.self) { try await pipeline.run([], context: context) }
    }
}
