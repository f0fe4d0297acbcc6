"""School-holiday region of a house, defaulting from its province (no official table maps every Dutch
municipality; Gelderland and Utrecht are split in reality, so the manager can always change it)."""

from buurtkracht.houses.models import House

R = House.HolidayRegion

NL_PROVINCE_REGION = {
    "Groningen": R.NL_NORTH,
    "Fryslân": R.NL_NORTH,
    "Friesland": R.NL_NORTH,
    "Fryslan": R.NL_NORTH,
    "Drenthe": R.NL_NORTH,
    "Overijssel": R.NL_NORTH,
    "Flevoland": R.NL_NORTH,
    "Noord-Holland": R.NL_NORTH,
    "Gelderland": R.NL_MIDDLE,
    "Utrecht": R.NL_MIDDLE,
    "Zuid-Holland": R.NL_MIDDLE,
    "Zeeland": R.NL_SOUTH,
    "Noord-Brabant": R.NL_SOUTH,
    "Limburg": R.NL_SOUTH,
}


# The nine municipalities of the German-speaking Community (REFNIS codes).
BE_GERMAN_SPEAKING = {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}


def default_holiday_region(country: str, province: str = "", region: str = "", municipality_code: str = "") -> str:
    """NL: by province (middle when unknown). BE: the Flemish community, except Wallonia (French) and the
    German-speaking municipalities (German); Brussels defaults to Flemish for a Dutch-language house."""
    if country == "BE":
        if municipality_code in BE_GERMAN_SPEAKING or "Duits" in region or "German" in region:
            return R.BE_GERMAN
        if "Waals" in region or "Wallon" in region:
            return R.BE_FRENCH
        return R.BE_FLEMISH
    return NL_PROVINCE_REGION.get(province.replace("Provincie ", "").strip(), R.NL_MIDDLE)


def default_time_zone(country: str) -> str:
    return "Europe/Brussels" if country == "BE" else "Europe/Amsterdam"
