"""URLs of the engage domain (mounted at /engage/ in Japanese and /en/engage/ in English)."""

app_name = "engage"
urlpatterns: list = []
