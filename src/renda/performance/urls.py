from .views import assessment, duties, records

app_name = "performance"
urlpatterns = [*records.urlpatterns, *duties.urlpatterns, *assessment.urlpatterns]
