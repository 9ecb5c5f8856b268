from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse_lazy

from .access import grants_of, user_is_district_staff
from .audit import activity_record
from .enums import Role

# Where a user whose work is not the town's office lands: their own list of work.
ROLE_HOMES = [
    (Role.UNIT_CLERK, "suggestions:list"),
    (Role.DEPUTY, "suggestions:list"),
    (Role.PETITIONS, "receptions:petitions-due"),
    (Role.DISCIPLINE, "receptions:discipline-overdue"),
]


@login_required
def home(request):
    """Each role lands where its work is: district staff on the overview, town users on their town."""
    if user_is_district_staff(request.user):
        return redirect("registry:district-overview")
    g = grants_of(request.user)
    towns = g.visible_town_ids
    if Role.TOWN_STAFF in g.roles or Role.PRESIDIUM in g.roles:
        if len(towns) == 1:
            return redirect("registry:town-detail", pk=towns[0])
    else:
        for role, target in ROLE_HOMES:
            if role in g.roles:
                try:
                    return redirect(target)
                except NoReverseMatch:  # that module is not installed
                    continue
    return render(request, "core/home.html", {"town_ids": towns})


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        # Django's form checked the old password and the validators; the audit row is ours.
        response = super().form_valid(form)
        activity_record(code="user.password_changed", actor=self.request.user, subject=self.request.user)
        update_session_auth_hash(self.request, form.user)
        return response


class LoginView(auth_views.LoginView):
    public = True
    redirect_authenticated_user = True
