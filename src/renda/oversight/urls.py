from .views import activities, appraisal, plans, rectification

app_name = "oversight"
urlpatterns = [
    *plans.urlpatterns,
    *activities.urlpatterns,
    *rectification.urlpatterns,
    *appraisal.urlpatterns,
]
