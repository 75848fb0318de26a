"""URLs of the privacy domain (mounted at /privacy/ in Japanese and /en/privacy/ in English)."""

app_name = "privacy"
urlpatterns: list = []
