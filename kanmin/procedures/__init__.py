"""手続きオンライン化 / Online procedures domain."""
