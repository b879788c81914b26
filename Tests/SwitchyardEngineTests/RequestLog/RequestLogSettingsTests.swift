import SwitchyardCore
import SwitchyardEngine
import Testing

@Suite("Request-log settings")
struct RequestLogSettingsTests {
    @Test("Defaults")
    func defaults() {
        let settings = RequestLogSettings()
        #expect(settings.capture == .metadata)
        #expect(settings.captureOverrides.isEmpty)
        #expect(settings.maximumPayloadBytes == 65_536)
        #expect(settings.retentionDays == 30)
        #expect(settings.retentionInterval == .seconds(600))
        #expect(settings.capture(for: Principal(keyID: "key_1", tenant: "research")) == .metadata)
    }

    @Test("The most specific override wins: key, then tenant, then global, then the default")
    func overrides() {
        let settings = RequestLogSettings(
            capture: .none,
            captureOverrides: [
                (QuotaScope(.global), .metadata),
                (QuotaScope(.tenant, "research"), .redacted),
                (QuotaScope(.key, "key_debug"), .full),
                (QuotaScope(.key, "key_quiet"), .none),
                (QuotaScope(.tenant, "legal"), .none),
            ]
        )
        #expect(settings.capture(for: Principal(keyID: "key_debug", tenant: "research")) == .full)
        #expect(settings.capture(for: Principal(keyID: "key_quiet", tenant: "research")) == .none)
        #expect(settings.capture(for: Principal(keyID: "key_other", tenant: "research")) == .redacted)
        #expect(settings.capture(for: Principal(keyID: "key_other", tenant: "legal")) == .none)
        #expect(settings.capture(for: Principal(keyID: "key_other", tenant: "sales")) == .metadata)
        #expect(settings.capture(for: .anonymous) == .metadata)
        #expect(RequestLogSettings(capture: .redacted).capture(for: .anonymous) == .redacted)
    }

    @Test("A `*` scope matches every caller that has an identity of its kind")
    func wildcard() {
        let settings = RequestLogSettings(captureOverrides: [(QuotaScope(.tenant), .redacted)])
        #expect(settings.capture(for: Principal(keyID: "key_1", tenant: "research")) == .redacted)
        #expect(settings.capture(for: Principal(keyID: "key_1")) == .metadata)
    }
}
