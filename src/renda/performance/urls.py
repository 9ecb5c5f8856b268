from .views import assessment, duties, groups, publication, records

app_name = "performance"
urlpatterns = [
    *records.urlpatterns,
    *duties.urlpatterns,
    *assessment.urlpatterns,
    *groups.urlpatterns,
    *publication.urlpatterns,
]
