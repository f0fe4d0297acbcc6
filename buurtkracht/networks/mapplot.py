"""A map without tiles: house positions drawn as an SVG inside their bounding box, on the server.

No internet, no JavaScript: each dot is a link with a title, and the list of houses stays on the page,
so the map only adds a picture of where the houses lie relative to each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from buurtkracht.networks.geocoding import distance_km

WIDTH = 480
PADDING = 32
MAX_INNER_HEIGHT = 360
MIN_SPAN_KM = 2.0
NICE_KM = [0.5, 1, 2, 5, 10, 20, 50, 100, 200]
MAX_NAMED_PLACES = 12
"""More names than this overlap into noise; the map then shows dots only."""


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    house: object


@dataclass(frozen=True)
class MapPlot:
    width: int
    height: int
    dots: list[Dot]
    scale_km: float
    scale_px: float
    missing: int
    """Houses without a known position (not drawn)."""
    places: list[Dot]
    """Municipalities or districts named on the map for orientation (``Dot.house`` holds the area)."""

    @property
    def dot_radius(self) -> float:
        """Large dots for a few houses, smaller ones for a province full of them."""
        count = len(self.dots)
        return 9 if count <= 25 else 6 if count <= 80 else 4.5

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def scale_label(self) -> str:
        return f"{self.scale_km:g} km"


def plot(houses, *, places=(), width: int = WIDTH) -> MapPlot | None:
    """Project the houses (equirectangular, fine at the scale of a province) into a ``width``-wide box.
    ``places`` (areas with a position) are named on the map when they fall inside it."""
    placed = [h for h in houses if h.latitude is not None and h.longitude is not None]
    missing = len(houses) - len(placed)
    if not placed:
        return None
    min_lat, max_lat = min(h.latitude for h in placed), max(h.latitude for h in placed)
    min_lon, max_lon = min(h.longitude for h in placed), max(h.longitude for h in placed)
    mid_lat = (min_lat + max_lat) / 2
    km_per_lat = distance_km(mid_lat - 0.5, 0, mid_lat + 0.5, 0)
    km_per_lon = distance_km(mid_lat, 0, mid_lat, 1)
    span_x_km = max((max_lon - min_lon) * km_per_lon, MIN_SPAN_KM)
    span_y_km = max((max_lat - min_lat) * km_per_lat, MIN_SPAN_KM)
    inner = width - 2 * PADDING
    px_per_km = min(inner / span_x_km, MAX_INNER_HEIGHT / span_y_km)
    height = math.ceil(span_y_km * px_per_km + 2 * PADDING)
    centre_lon, centre_lat = (min_lon + max_lon) / 2, mid_lat

    def project(item) -> Dot:
        return Dot(
            x=round(width / 2 + (item.longitude - centre_lon) * km_per_lon * px_per_km, 1),
            y=round(height / 2 - (item.latitude - centre_lat) * km_per_lat * px_per_km, 1),
            house=item,
        )

    dots = [project(h) for h in placed]
    named = [project(p) for p in places if p.latitude is not None and p.longitude is not None]
    named = [d for d in named if PADDING <= d.x <= width - PADDING and PADDING <= d.y <= height - PADDING]
    if len(named) > MAX_NAMED_PLACES:
        named = []
    scale_km = _nice_length(width / 4 / px_per_km)
    return MapPlot(width, height, dots, scale_km, round(scale_km * px_per_km, 1), missing, named)


def _nice_length(km: float) -> float:
    fitting = [n for n in NICE_KM if n <= km]
    return fitting[-1] if fitting else NICE_KM[0]
