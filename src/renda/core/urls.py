from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .deadlines import views as deadline_views
from .notifications import views as inbox_views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", views.two_factor, name="two-factor"),
    path("accounts/lockouts/", views.login_lockouts, name="login-lockouts"),
    path("accounts/lockouts/unlock/", views.login_lockout_unlock, name="login-lockout-unlock"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/read/", inbox_views.inbox_read, name="inbox-read"),
    path("inbox/open/", inbox_views.inbox_open, name="inbox-open"),
    path("inbox/read-all/", inbox_views.inbox_read_all, name="inbox-read-all"),
    path("inbox/preferences/", inbox_views.preferences, name="notification-preferences"),
    path("reminders/undelivered/", deadline_views.reminders_undelivered, name="reminders-undelivered"),
    path("calendar/", deadline_views.calendar_page, name="calendar"),
]
