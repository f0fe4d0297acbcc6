"""The tile-free map: positions keep their geography inside the box, and odd cases do not break it."""

from types import SimpleNamespace

from buurtkracht.networks.mapplot import PADDING, WIDTH, plot


def place(name, lat, lon):
    return SimpleNamespace(name=name, latitude=lat, longitude=lon)


def test_north_is_up_east_is_right_and_everything_fits():
    west, east, north = place("W", 51.76, 5.40), place("E", 51.76, 5.60), place("N", 51.85, 5.50)

    result = plot([west, east, north])

    dots = {dot.house.name: dot for dot in result.dots}
    assert dots["W"].x < dots["N"].x < dots["E"].x
    assert dots["N"].y < dots["W"].y == dots["E"].y
    for dot in result.dots:
        assert PADDING <= dot.x <= WIDTH - PADDING
        assert PADDING <= dot.y <= result.height - PADDING
    assert result.scale_km in {0.5, 1, 2, 5, 10, 20, 50, 100, 200}
    assert 0 < result.scale_px < WIDTH


def test_distances_keep_their_proportions():
    a, b, c = place("A", 51.0, 5.0), place("B", 51.0, 5.2), place("C", 51.1, 5.0)

    dots = {d.house.name: d for d in plot([a, b, c]).dots}

    east_west_px = dots["B"].x - dots["A"].x  # 0.2° of longitude at 51°N ≈ 14.0 km
    north_south_px = dots["A"].y - dots["C"].y  # 0.1° of latitude ≈ 11.1 km
    assert abs(east_west_px / north_south_px - 14.0 / 11.1) < 0.02


def test_one_house_and_houses_without_position():
    result = plot([place("Alleen", 51.0, 5.0), place("Nergens", None, None)])

    assert len(result.dots) == 1 and result.missing == 1
    assert result.dots[0].x == WIDTH / 2
    assert plot([place("Nergens", None, None)]) is None


def test_places_outside_the_box_are_not_named():
    houses = [place("A", 51.0, 5.0), place("B", 51.1, 5.1)]

    result = plot(houses, places=[place("Binnen", 51.05, 5.05), place("Buiten", 53.0, 7.0)])

    assert [p.house.name for p in result.places] == ["Binnen"]


def test_many_houses_get_smaller_dots_and_many_places_no_names():
    few = plot([place(f"H{i}", 51.0 + i / 100, 5.0) for i in range(3)])
    many = plot(
        [place(f"H{i}", 51.0 + i / 1000, 5.0 + i / 1000) for i in range(160)],
        places=[place(f"P{i}", 51.0 + i / 1000, 5.0 + i / 1000) for i in range(40, 80)],
    )

    assert few.dot_radius > many.dot_radius
    assert many.places == []
