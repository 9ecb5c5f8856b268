from django.urls import path

from . import views

app_name = "receptions"
urlpatterns = [
    path("", views.day_list, name="day-list"),
    path("days/new/", views.day_create, name="day-create"),
    path("days/<int:pk>/", views.day_detail, name="day-detail"),
    path("days/<int:pk>/edit/", views.day_edit, name="day-edit"),
    path("days/<int:pk>/publish/", views.day_publish, name="day-publish"),
    path("days/<int:pk>/cancel/", views.day_cancel, name="day-cancel"),
    path("days/<int:pk>/record/", views.day_record, name="day-record"),
    path("days/<int:pk>/appeal/", views.day_appeal_create, name="day-appeal-create"),
    path("days/<int:pk>/notice.pdf", views.day_notice_pdf, name="day-notice-pdf"),
    path("days/<int:pk>/notice.docx", views.day_notice_docx, name="day-notice-docx"),
    path("schedule/", views.schedule, name="schedule"),
    path("settings/", views.setting_edit, name="setting-edit"),
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group-edit"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar.ics", views.calendar_feed, name="calendar-feed"),
    path("appeals/", views.appeal_list, name="appeal-list"),
    path("appeals/new/", views.appeal_create, name="appeal-create"),
    path("appeals/due/", views.petitions_due, name="petitions-due"),
    path("appeals/overdue/", views.discipline_overdue, name="discipline-overdue"),
    path("appeals/figures/", views.stats, name="stats"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal-detail"),
    path("appeals/<int:pk>/pii/", views.appeal_pii, name="appeal-pii"),
    path("appeals/<int:pk>/assign/", views.appeal_assign, name="appeal-assign"),
    path("appeals/<int:pk>/reply/", views.appeal_reply, name="appeal-reply"),
    path("appeals/<int:pk>/feedback/", views.appeal_feedback, name="appeal-feedback"),
    path("appeals/<int:pk>/convert/", views.appeal_convert, name="appeal-convert"),
]
