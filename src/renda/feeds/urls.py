from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("", views.subscription, name="subscription"),
    path("issue/", views.issue, name="issue"),
    path("revoke/", views.revoke, name="revoke"),
    path("<str:token>.ics", views.feed, name="feed"),
]
