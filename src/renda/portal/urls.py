from django.urls import path

from renda.performance.views import public as deputies

from . import views, views_appraisal

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("town/", views.town, name="town"),
    path("notice/", views.notice, name="notice"),
    path("appeal/", views.appeal, name="appeal"),
    path("appeal/done/", views.appeal_done, name="appeal-done"),
    path("track/", views.track, name="track"),
    path("track/feedback/", views.feedback, name="feedback"),
    path("appraisal/", views_appraisal.appraisal, name="appraisal"),
    path("appraisal/results/", views_appraisal.appraisal_results, name="appraisal-results"),
    path("deputies/", deputies.deputies, name="deputies"),
    path("deputy/", deputies.deputy, name="deputy"),
]
