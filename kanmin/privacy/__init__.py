"""非識別加工 / De-identification domain."""
