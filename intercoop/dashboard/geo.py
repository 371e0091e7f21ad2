"""The vendored world map (ECharts' world.json): its country names by ISO code, and a point per country
for drawing flows. Read once per process from the static file; nothing is fetched at run time."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pycountry
from django.conf import settings

MAP_FILE = Path(settings.BASE_DIR) / "static" / "vendor" / "echarts-world" / "world.json"

# Names the map uses that pycountry does not know under that spelling.
ALIASES = {
    "W. Sahara": "EH",
    "Aland": "AX",
    "Fr. S. Antarctic Lands": "TF",
    "Antigua and Barb.": "AG",
    "Bosnia and Herz.": "BA",
    "Brunei": "BN",
    "Central African Rep.": "CF",
    "Dem. Rep. Congo": "CD",
    "Cape Verde": "CV",
    "Cayman Is.": "KY",
    "Czech Rep.": "CZ",
    "Dominican Rep.": "DO",
    "Falkland Is.": "FK",
    "Faeroe Is.": "FO",
    "Micronesia": "FM",
    "Eq. Guinea": "GQ",
    "Heard I. and McDonald Is.": "HM",
    "Br. Indian Ocean Ter.": "IO",
    "Korea": "KR",
    "Lao PDR": "LA",
    "Macedonia": "MK",
    "N. Mariana Is.": "MP",
    "Dem. Rep. Korea": "KP",
    "Palestine": "PS",
    "Fr. Polynesia": "PF",
    "Russia": "RU",
    "S. Sudan": "SS",
    "S. Geo. and S. Sandw. Is.": "GS",
    "Saint Helena": "SH",
    "Solomon Is.": "SB",
    "St. Pierre and Miquelon": "PM",
    "São Tomé and Principe": "ST",
    "Swaziland": "SZ",
    "Turks and Caicos Is.": "TC",
    "Turkey": "TR",
    "St. Vin. and Gren.": "VC",
    "U.S. Virgin Is.": "VI",
}


def _centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Area and centroid of a polygon ring (shoelace)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if area == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


@cache
def countries() -> dict[str, tuple[str, tuple[float, float]]]:
    """ISO alpha-2 code → (name on the map, a point inside its largest landmass)."""
    known: dict[str, str] = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                known[n.lower()] = c.alpha_2
    out: dict[str, tuple[str, tuple[float, float]]] = {}
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    for feature in data["features"]:
        name = feature["properties"].get("name") or ""
        code = ALIASES.get(name) or known.get(name.lower())
        if not code:
            continue
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        rings = [polygon[0] for polygon in polygons if polygon and len(polygon[0]) >= 3]
        if not rings:
            continue
        best = max((_centroid(ring) for ring in rings), key=lambda c: c[0])
        out[code] = (name, (round(best[1], 3), round(best[2], 3)))
    return out


def map_name(code: str) -> str | None:
    entry = countries().get((code or "").upper())
    return entry[0] if entry else None


def point(code: str) -> tuple[float, float] | None:
    entry = countries().get((code or "").upper())
    return entry[1] if entry else None
