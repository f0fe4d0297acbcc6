"""One demo account per role. The accounts exist only in a database where ``load_demo`` ran."""

DEMO_PASSWORD = "buurtkracht-demo"
DEMO_DOMAIN = "demo.buurtkracht.nl"

# key, name, role description (for the printed table), memberships [(role, scope kind, scope key)]
# scope keys: network slug, house name, or organisation name.
ACCOUNTS = [
    ("admin", "Beheer Buurtkracht", "platform admin", []),
    ("coordinator", "Marieke van den Berg", "network coordinator (Dorpshuizen Noord-Brabant, Gemeente Oss)",
     [("network_coordinator", "network", "dorpshuizen-noord-brabant"),
      ("network_coordinator", "network", "gemeente-oss")]),
    ("officer", "Joost Verhoeven", "municipality officer (Gemeente Oss)",
     [("municipality_officer", "network", "gemeente-oss")]),
    ("manager", "Fatima El Amrani", "house manager (Wij(k)huis de Haard)",
     [("house_manager", "house", "Wij(k)huis de Haard")]),
    ("volunteer", "Henk Janssen", "volunteer (de Bongerd)",
     [("house_volunteer", "house", "de Bongerd")]),
    ("contact", "Ingrid van Dijk", "organisation contact (Bewonersinitiatief Samen Ruwaard)",
     [("organisation_contact", "organisation", "Bewonersinitiatief Samen Ruwaard")]),
    ("referrer", "Lotte Peeters", "referrer (Vrijetijdsnetwerk Heist-op-den-Berg)",
     [("referrer", "network", "vrije-tijd-heist-op-den-berg")]),
    ("provider", "Wout Janssens", "provider (Sportclub Booischot, Heist)",
     [("provider", "organisation", "Sportclub Booischot")]),
    ("resident", "Ahmet Yilmaz", "resident (no role)", []),
]  # fmt: skip


def email_for(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"
