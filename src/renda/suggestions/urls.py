from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("key-notices/<int:pk>/", views.key_notice_download, name="key-notice"),
]
