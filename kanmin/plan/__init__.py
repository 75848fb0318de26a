"""計画管理 / Plan management domain."""
