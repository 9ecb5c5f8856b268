from .views import activities, appraisal, figures, plans, rectification

app_name = "oversight"
urlpatterns = [
    *plans.urlpatterns,
    *activities.urlpatterns,
    *rectification.urlpatterns,
    *appraisal.urlpatterns,
    *figures.urlpatterns,
]
