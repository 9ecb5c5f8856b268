from .views import campaigns, exchange, tasks

app_name = "campaigns"
urlpatterns = [*tasks.urlpatterns, *exchange.urlpatterns, *campaigns.urlpatterns]
