from django.urls import path

from . import views

app_name = "congress"

urlpatterns = [
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/agenda/", views.session_agenda_add, name="session-agenda-add"),
    path("sessions/<int:pk>/documents/", views.session_document_add, name="session-document-add"),
    path("sessions/<int:pk>/leave/", views.session_leave_add, name="session-leave-add"),
    path("sessions/<int:pk>/rollcall/", views.session_rollcall, name="session-rollcall"),
    path("sessions/<int:pk>/close/", views.session_close, name="session-close"),
    path("sessions/<int:pk>/votes/", views.vote_create, name="vote-create"),
    path("sessions/<int:pk>/agenda.docx", views.session_agenda_docx, name="session-agenda-docx"),
    path("sessions/<int:pk>/decisions.docx", views.session_decisions_docx, name="session-decisions-docx"),
    path("agenda-items/<int:pk>/cover.docx", views.agenda_item_cover_docx, name="agendaitem-cover-docx"),
    path("agenda-items/<int:pk>/opinions/", views.agenda_item_opinion_add, name="agendaitem-opinion-add"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave-decide"),
    path("votes/<int:pk>/", views.vote_detail, name="vote-detail"),
    path("votes/<int:pk>/record/", views.vote_record, name="vote-record"),
    path("votes/<int:pk>/correct/", views.vote_correct, name="vote-correct"),
    path("motions/", views.motion_list, name="motion-list"),
    path("motions/new/", views.motion_create, name="motion-create"),
    path("motions/<int:pk>/", views.motion_detail, name="motion-detail"),
    path("motions/<int:pk>/cosign/", views.motion_cosign, name="motion-cosign"),
    path("motions/<int:pk>/lodge/", views.motion_lodge, name="motion-lodge"),
    path("motions/<int:pk>/decide/", views.motion_decide, name="motion-decide"),
    path("motions/<int:pk>/withdraw/", views.motion_withdraw, name="motion-withdraw"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance/budget-adjustments/", views.budget_adjustment_record, name="budget-adjustment-record"),
    path("flags/", views.flag_list, name="flag-list"),
    path("flags/<int:pk>/", views.flag_detail, name="flag-detail"),
    path("flags/<int:pk>/resolve/", views.flag_resolve, name="flag-resolve"),
]
