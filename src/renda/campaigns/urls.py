from .views import campaigns, tasks

app_name = "campaigns"
urlpatterns = [*tasks.urlpatterns, *campaigns.urlpatterns]
