"""市民・事業者との連携 / Engagement domain."""
