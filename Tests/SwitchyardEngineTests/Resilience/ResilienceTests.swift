import Testing

/// The resilience state machines' suites, grouped so `swift test --filter Resilience` selects them all.
@Suite("Resilience")
enum ResilienceTests {}
