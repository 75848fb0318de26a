"""URLs of the plan domain (mounted at /plan/ in Japanese and /en/plan/ in English)."""

app_name = "plan"
urlpatterns: list = []
