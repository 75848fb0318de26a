"""URLs of the interop domain, mounted at the site root (no language prefix)."""

app_name = "interop"
urlpatterns: list = []
