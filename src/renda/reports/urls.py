from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("towns/<int:pk>/", views.town_dashboard, name="town-dashboard"),
]
