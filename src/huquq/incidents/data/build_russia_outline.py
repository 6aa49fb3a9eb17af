"""Extract Russia's outline from Natural Earth's 1:110m countries, once, into a small GeoJSON.

The map page draws this file offline: no tile server, no download at run time. The source is
the ``naturalearth_lowres`` shapefile that geopandas shipped in its wheel up to 0.14 (Natural
Earth data is in the public domain). Run it again only to refresh the outline:

    pip download geopandas==0.14.4 --no-deps -d /tmp/ne
    python src/huquq/incidents/data/build_russia_outline.py /tmp/ne/geopandas-0.14.4-*.whl

Only the standard library is used: the shapefile (.shp) and its attribute table (.dbf) are
simple binary formats, read here directly from the wheel.
"""

import json
import struct
import sys
import zipfile
from pathlib import Path

SHAPEFILE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUTPUT = Path(__file__).with_name("russia.geojson")
ISO_A3 = "RUS"
#: Degrees; Natural Earth 1:110m is coarse already, this only drops near-collinear points.
TOLERANCE = 0.05
DECIMALS = 2


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """The records of a dBase III table as dicts of stripped strings."""
    count, header_length, record_length = struct.unpack("<IHH", data[4:12])
    fields, offset = [], 32
    while data[offset] != 0x0D:
        name = data[offset : offset + 11].split(b"\0")[0].decode()
        fields.append((name, data[offset + 16]))
        offset += 32
    records = []
    for index in range(count):
        start = header_length + index * record_length + 1  # skip the deletion flag
        record, position = {}, start
        for name, length in fields:
            record[name] = data[position : position + length].decode("utf-8", "replace").strip()
            position += length
        records.append(record)
    return records


def read_polygons(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Every record of a polygon shapefile as a list of rings of (lon, lat)."""
    shapes, offset = [], 100
    while offset < len(data):
        _number, length_words = struct.unpack(">ii", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length_words * 2]
        offset += 8 + length_words * 2
        shape_type = struct.unpack("<i", body[:4])[0]
        if shape_type != 5:
            shapes.append([])
            continue
        parts_count, points_count = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{parts_count}i", body[44 : 44 + 4 * parts_count]))
        points_at = 44 + 4 * parts_count
        points = [
            struct.unpack("<dd", body[points_at + 16 * i : points_at + 16 * i + 16])
            for i in range(points_count)
        ]
        bounds = [*parts, points_count]
        shapes.append([points[bounds[i] : bounds[i + 1]] for i in range(parts_count)])
    return shapes


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the points that stray more than ``tolerance`` from the chord."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    farthest, distance = 0, 0.0
    for index, (x, y) in enumerate(points[1:-1], start=1):
        if length == 0:
            offset = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        else:
            offset = abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length
        if offset > distance:
            farthest, distance = index, offset
    if distance <= tolerance:
        return [points[0], points[-1]]
    left = simplify(points[: farthest + 1], tolerance)
    return left[:-1] + simplify(points[farthest:], tolerance)


def unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Chukotka lies across the antimeridian: keep Russia's longitudes in 0..360."""
    return [(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring]


def build(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as archive:
        records = read_dbf(archive.read(f"{SHAPEFILE}.dbf"))
        shapes = read_polygons(archive.read(f"{SHAPEFILE}.shp"))
    index = next(i for i, record in enumerate(records) if record.get("iso_a3") == ISO_A3)
    rings = []
    for ring in shapes[index]:
        kept = simplify(unwrap(ring), TOLERANCE)
        if len(kept) >= 4:
            rings.append([[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in kept])
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "iso_a3": ISO_A3,
                    "source": "Natural Earth 1:110m admin 0 countries (public domain), "
                    "via geopandas 0.14 naturalearth_lowres",
                    "longitudes": "0..360 (Chukotka unwrapped across the antimeridian)",
                },
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[ring] for ring in rings],
                },
            }
        ],
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write(__doc__ or "")
        return 2
    OUTPUT.write_text(json.dumps(build(Path(argv[0])), separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
