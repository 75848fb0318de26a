"""機械判読性 / Machine readability domain."""
