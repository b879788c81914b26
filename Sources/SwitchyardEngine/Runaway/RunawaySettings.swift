/// Runaway protection (`runaway:` in the configuration): loop detection here; step limits are quotas of kind
/// `step_limit` that the configuration reader derives from `session_max_steps` and `agent_max_steps`.
public struct RunawaySettings: Sendable, Hashable {
    /// How many identical calls within ``loopWindow`` count as a loop (`runaway.loop_threshold`); `0` turns
    /// loop detection off. Default 10.
    public var loopThreshold: Int = 10
    /// The window identical calls are counted in (`runaway.loop_window`). Default 60 s.
    public var loopWindow: Duration = .seconds(60)
    /// Whether loop detection covers only calls made by an agent — that carry an agent (header or key metadata)
    /// or a session — or every call (`runaway.loop_detection: agents | all`). Default `agents`: an application
    /// may legitimately send the same prompt many times (a classifier, a health probe); an agent that does is stuck.
    public var loopDetectionCoversAllCalls = false

    /// The defaults.
    public init() {}
}
