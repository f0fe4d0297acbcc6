from django.urls import path

from buurtkracht.billing import views

app_name = "billing"
urlpatterns = [
    path("", views.invoice_list, name="invoice_list"),
    path("<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("<int:pk>/e-factuur/", views.invoice_ubl, name="invoice_ubl"),
    path("<int:pk>/versturen/", views.invoice_issue, name="invoice_issue"),
    path("<int:pk>/verwijderen/", views.invoice_delete, name="invoice_delete"),
    path("<int:pk>/betaling/", views.payment_add, name="payment_add"),
    path("<int:pk>/creditnota/", views.credit_note, name="credit_note"),
    path("huis/<slug:slug>/", views.house_overview, name="house_overview"),
    path("huis/<slug:slug>/gegevens/", views.house_profile, name="house_profile"),
    path("huis/<slug:slug>/tarieven/nieuw/", views.rate_card_create, name="rate_card_create"),
    path("huis/<slug:slug>/tarieven/<int:card_id>/", views.rate_card_detail, name="rate_card_detail"),
    path("huis/<slug:slug>/facturen-maken/", views.invoice_run, name="invoice_run"),
    path("huis/<slug:slug>/borg/<int:deposit_id>/", views.deposit_update, name="deposit_update"),
    path("huis/<slug:slug>/gederfde-huur/", views.revenue_forgone, name="revenue_forgone"),
    path("huis/<slug:slug>/prijs/", views.quote, name="quote"),
    path("huis/<slug:slug>/prijs/aanvraag/", views.quote_fragment, name="quote_fragment"),
    path("huis/<slug:slug>/export/<kind>.<fmt>", views.export, name="export"),
    path("reservering/<int:series_id>/", views.series_billing, name="series_billing"),
    path("organisatie/<int:pk>/", views.organisation_invoices, name="organisation_invoices"),
    path("organisatie/<int:pk>/gegevens/", views.organisation_profile, name="organisation_profile"),
    path("netwerk/<slug:slug>/gederfde-huur/", views.network_revenue, name="network_revenue"),
    path("netwerk/<slug:slug>/categorieen/", views.category_labels, name="category_labels"),
]
