"""Where things are: municipality centres for straight-line distances.

Moti keeps no geocoder (none is reachable from a county's closed network by default). A
client's home is placed at their municipality's centre, which is as close as a distance
between towns needs; a deployment with a geocoder puts it behind `home_point`.
"""

import math

# Centres (WGS84) of Pohjois-Savo's and its neighbours' municipalities and former
# municipalities, and of the largest towns; keys are lower-case Finnish names.
CENTRES: dict[str, tuple[float, float]] = {
    "kuopio": (62.8924, 27.6783), "siilinjärvi": (63.0750, 27.6600),
    "nilsiä": (63.2050, 28.0800), "juankoski": (63.0610, 28.3500),
    "maaninka": (63.1540, 27.3000), "varkaus": (62.3150, 27.8730),
    "joroinen": (62.1790, 27.8280), "leppävirta": (62.4917, 27.7875),
    "pieksämäki": (62.3000, 27.1333), "suonenjoki": (62.6167, 27.1333),
    "iisalmi": (63.5589, 27.1900), "lapinlahti": (63.3667, 27.3833),
    "tuusniemi": (62.8167, 28.5000), "kaavi": (62.9750, 28.4833),
    "rautalampi": (62.6250, 26.8333), "tervo": (62.9500, 26.7500),
    "vesanto": (62.9333, 26.4167), "keitele": (63.1750, 26.3500),
    "pielavesi": (63.2333, 26.7500), "sonkajärvi": (63.6667, 27.5167),
    "vieremä": (63.7417, 27.0000), "kiuruvesi": (63.6528, 26.6194),
    "rautavaara": (63.4944, 28.3000), "heinävesi": (62.4250, 28.6333),
    "savonlinna": (61.8667, 28.8833), "mikkeli": (61.6886, 27.2723),
    "joensuu": (62.6010, 29.7636), "jyväskylä": (62.2426, 25.7473),
    "helsinki": (60.1699, 24.9384), "espoo": (60.2055, 24.6559),
    "vantaa": (60.2934, 25.0378), "tampere": (61.4978, 23.7610),
    "turku": (60.4518, 22.2666), "oulu": (65.0121, 25.4651),
    "lahti": (60.9827, 25.6612), "vaasa": (63.0951, 21.6165),
    "kokkola": (63.8385, 23.1307), "kajaani": (64.2273, 27.7285),
}
EARTH_RADIUS_KM = 6371.0


def home_point(municipality: str) -> tuple[float, float] | None:
    return CENTRES.get(municipality.strip().lower()) if municipality else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance (haversine): straight-line, not by road."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
