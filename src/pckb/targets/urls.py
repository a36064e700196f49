"""URLs of key targets under /targets/."""

app_name = "targets"
urlpatterns: list = []
