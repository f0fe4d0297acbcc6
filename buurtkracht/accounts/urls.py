from django.urls import path

from buurtkracht.accounts.views import invitations, privacy, profile

app_name = "accounts"
urlpatterns = [
    path("", profile.profile, name="profile"),
    path("tokens/nieuw/", profile.token_create, name="token_create"),
    path("tokens/<int:pk>/intrekken/", profile.token_revoke, name="token_revoke"),
    path("gegevens/downloaden/", privacy.export, name="export"),
    path("account/verwijderen/", privacy.erase, name="erase"),
    path("uitnodigen/<str:scope>/<str:key>/", invitations.invite, name="invite"),
    path("uitnodigingen/<int:pk>/intrekken/", invitations.revoke, name="invitation_revoke"),
    path("rollen/<int:pk>/verwijderen/", invitations.remove_member, name="membership_remove"),
    path("uitnodiging/<str:token>/", invitations.accept, name="invitation"),
]
