from django.urls import path

from buurtkracht.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.board, name="board"),
    path("aanmelden/", views.signup_page, name="signup"),
    path("aanmelden/verstuurd/", views.signup_sent, name="signup_sent"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("initiatief/<str:token>/", views.initiative_home, name="initiative_home"),
    path("initiatief/<str:token>/voorstellen/<int:pk>/", views.initiative_answer, name="initiative_answer"),
    path("behoeften/<int:pk>/", views.need_detail, name="need"),
    path("behoeften/<int:pk>/voorstellen/", views.propose, name="propose"),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
    path("voorstellen/<int:pk>/antwoorden/", views.proposal_answer, name="proposal_answer"),
    path("voorstellen/<int:pk>/opvolgen/", views.proposal_follow_up, name="proposal_follow_up"),
    path("netwerken/<slug:slug>/gewichten/", views.weights, name="weights"),
    path("netwerken/<slug:slug>/initiatief-toevoegen/", views.enter_initiative, name="enter_initiative"),
    path("huizen/<slug:slug>/aanbod/", views.house_offer, name="house_offer"),
    path("e-mail/", views.mail_settings, name="mail"),
]
