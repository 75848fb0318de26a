"""URLs of the public comment domain (mounted at /pubcomment/ in Japanese and /en/pubcomment/ in English)."""

app_name = "pubcomment"
urlpatterns: list = []
