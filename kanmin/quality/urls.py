"""URLs of the quality domain (mounted at /quality/ in Japanese and /en/quality/ in English)."""

app_name = "quality"
urlpatterns: list = []
