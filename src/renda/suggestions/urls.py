from django.urls import path

from . import views, views_supervision

app_name = "suggestions"
urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("new/", views.suggestion_new, name="new"),
    path("similar/", views.similar_check, name="similar"),
    path("key/", views.key_supervision, name="key"),
    path("report/", views.report_page, name="report"),
    path("report.docx", views.report_docx, name="report-docx"),
    path("report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/submit/", views.suggestion_submit, name="submit"),
    path("<int:pk>/cosign/", views.suggestion_cosign, name="cosign"),
    path("<int:pk>/attach/", views.suggestion_attach, name="attach"),
    path("<int:pk>/review/", views.suggestion_review, name="review"),
    path("<int:pk>/merge/", views.suggestion_merge, name="merge"),
    path("<int:pk>/assign/", views.suggestion_assign, name="assign"),
    path("<int:pk>/sign/", views.suggestion_sign, name="sign"),
    path("<int:pk>/return/", views.suggestion_return, name="return"),
    path("<int:pk>/contact/", views.suggestion_contact, name="contact"),
    path("<int:pk>/co-opinion/", views.suggestion_co_opinion, name="co-opinion"),
    path("<int:pk>/extension/", views.suggestion_extension, name="extension"),
    path("<int:pk>/extension/decide/", views.suggestion_extension_decide, name="extension-decide"),
    path("<int:pk>/reply/", views.suggestion_reply, name="reply"),
    path("<int:pk>/feedback/", views.suggestion_feedback, name="feedback"),
    path("<int:pk>/close/", views.suggestion_close, name="close"),
    path("<int:pk>/key/", views.suggestion_key, name="key-set"),
    path("<int:pk>/publish/", views.suggestion_publish, name="publish"),
    path("<int:pk>/followup/", views.suggestion_followup_check, name="followup"),
    path("<int:pk>/supervision/", views_supervision.supervision_page, name="supervision"),
    path(
        "supervision/<int:pk>/attachment/",
        views_supervision.supervision_attachment,
        name="supervision-attachment",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("key-notices/<int:pk>/", views.key_notice_download, name="key-notice"),
]
