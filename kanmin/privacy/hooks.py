"""Navigation of the privacy domain (staff only)."""

NAV = [("privacy:home", "非識別加工", "De-identification", "staff")]
