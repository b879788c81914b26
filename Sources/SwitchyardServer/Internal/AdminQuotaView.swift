import SwitchyardCore

/// A quota as the admin API shows it. A dollar limit is a decimal string with nine decimals (`"25.000000000"`),
/// the form it may be written in; token and request limits are integers.
struct AdminQuotaView: Encodable {
    let quota: Quota

    private enum CodingKeys: String, CodingKey {
        case id, kind, scope, metric, limit, window
        case alertThresholds = "alert_thresholds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(quota.id, forKey: .id)
        try container.encode(quota.kind.rawValue, forKey: .kind)
        try container.encode(quota.scope.description, forKey: .scope)
        try container.encode(quota.metric.rawValue, forKey: .metric)
        if quota.metric == .usd {
            try container.encode(Money(nanodollars: quota.limit).description, forKey: .limit)
        } else {
            try container.encode(quota.limit, forKey: .limit)
        }
        try container.encode(quota.window.rawValue, forKey: .window)
        try container.encode(quota.alertThresholds, forKey: .alertThresholds)
    }
}
