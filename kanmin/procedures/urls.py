"""URLs of the procedures domain (mounted at /procedures/ in Japanese and /en/procedures/ in English)."""

app_name = "procedures"
urlpatterns: list = []
