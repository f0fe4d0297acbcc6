"""Offline geocoding from the reference data: a postcode gives a position and a municipality, and a
position gives the nearest district (wijk) of that municipality. No network calls, ever."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from buurtkracht.networks.models import Area

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Location:
    latitude: float | None
    longitude: float | None
    postcode_area: Area | None
    municipality: Area | None


def normalise_postcode(country: str, postcode: str) -> str:
    """``"5341 ab"`` → ``"5341AB"`` (NL), ``" 2220"`` → ``"2220"`` (BE); the digits part is what we look up."""
    return re.sub(r"\s+", "", postcode or "").upper()


def postcode_digits(country: str, postcode: str) -> str:
    match = re.match(r"^(\d{4})", normalise_postcode(country, postcode))
    return match.group(1) if match else ""


def is_valid_postcode(country: str, postcode: str) -> bool:
    value = normalise_postcode(country, postcode)
    if country == "NL":
        return bool(re.fullmatch(r"[1-9]\d{3}([A-Z]{2})?", value))
    return bool(re.fullmatch(r"[1-9]\d{3}", value))


def locate(country: str, postcode: str) -> Location | None:
    """The position (centroid of the 4-digit postcode) and municipality of a postcode, or ``None`` when the
    postcode is unknown. Belgian postcodes have no coordinates in the reference data: the position is then
    ``None`` and only the municipality is known."""
    digits = postcode_digits(country, postcode)
    if not digits:
        return None
    area = Area.objects.select_related("parent").filter(country=country, kind=Area.Kind.POSTCODE, code=digits).first()
    if area is None:
        return None
    municipality = area.parent if area.parent and area.parent.kind == Area.Kind.MUNICIPALITY else None
    return Location(area.latitude, area.longitude, area, municipality)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) around a point: a cheap index-friendly pre-filter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def nearest_district(latitude: float, longitude: float, municipality: Area | None) -> Area | None:
    """The district (wijk) of ``municipality`` whose centroid lies nearest to the position: an estimate
    used when a house is placed from its postcode. A manager can always choose another district."""
    if municipality is None or latitude is None or longitude is None:
        return None
    districts = Area.objects.filter(
        parent=municipality, kind=Area.Kind.DISTRICT, latitude__isnull=False, longitude__isnull=False
    ).only("id", "latitude", "longitude", "name", "code")
    best, best_km = None, math.inf
    for district in districts:
        km = distance_km(latitude, longitude, district.latitude, district.longitude)
        if km < best_km:
            best, best_km = district, km
    return best
