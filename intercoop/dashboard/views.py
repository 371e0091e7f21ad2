"""The one-screen dashboard: filters, charts (ECharts options built here), data tables, Excel."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from intercoop.core import countries
from intercoop.core.access import access_for
from intercoop.core.gates import requires
from intercoop.core.spreadsheets import xlsx_response
from intercoop.dashboard import exports, selectors
from intercoop.dashboard.permissions import DASHBOARD_VIEW
from intercoop.indicators.selectors import report_years, year_or_404

REFRESH_CHOICES = (0, 60, 300, 900)


def _filters(request: HttpRequest) -> selectors.Filters:
    year = year_or_404(request.GET.get("year"))
    country = (request.GET.get("country") or "").strip().upper()
    if country and not countries.is_valid(country):
        raise Http404
    return selectors.Filters(year=year, country=country, bri=request.GET.get("bri") == "1")


@requires(DASHBOARD_VIEW, across_institutions=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_anywhere(DASHBOARD_VIEW):
        raise Http404
    filters = _filters(request)
    board = selectors.board(request.user, filters, unit=request.GET.get("unit"))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.dashboard_xlsx(board), f"dashboard-{filters.year}")
    try:
        refresh = int(request.GET.get("refresh") or 0)
    except ValueError:
        refresh = 0
    refresh = refresh if refresh in REFRESH_CHOICES else 0
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "board": board,
            "filters": filters,
            "years": report_years(),
            "units": board.units,
            "countries": sorted(
                {p["code"] for p in board.partners} | ({filters.country} if filters.country else set())
            ),
            "refresh": refresh,
            "refresh_choices": REFRESH_CHOICES[1:],
            "wall": request.GET.get("wall") == "1",
            "map_option": _map_option(board),
            "trend_option": _trend_option(board),
            "ranking_option": _ranking_option(board),
            "health_option": _health_option(board),
            # Empty states: a chart with nothing to draw says what is missing instead (issue 15 item 10).
            "has_trend": any(v for _indicator, values in board.trends for v in values),
            "has_health": any(h["value"] for h in board.health),
            "has_map": bool(board.partners or board.flows),
            "map_url": static("vendor/echarts-world/world.json"),
        },
    )


def _map_option(board: selectors.Board) -> dict[str, Any]:
    top = max((p["value"] for p in board.partners), default=1)
    outgoing = [f for f in board.flows if f["direction"] == "out"]
    incoming = [f for f in board.flows if f["direction"] == "in"]
    home = list(board.home)

    def lines(rows: list[dict[str, Any]], out: bool) -> list[dict[str, Any]]:
        return [
            {
                "name": f"{r['label']}: {r['value']}",
                "coords": [home, list(r["point"])] if out else [list(r["point"]), home],
                "value": r["value"],
                "url": r["url"],
                "lineStyle": {"width": min(1 + r["value"] / 2, 6)},
            }
            for r in rows
        ]

    return {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0, "data": [_("Partners"), _("Outgoing"), _("Incoming")]},
        "visualMap": {
            "min": 0,
            "max": max(top, 1),
            "left": "left",
            "bottom": 30,
            "seriesIndex": 0,
            "inRange": {"color": ["#e3ecf7", "#1f5fa8"]},
            "text": [_("more partners"), _("fewer")],
            "calculable": False,
        },
        "geo": {
            "map": "world",
            "roam": True,
            "center": [60, 28],
            "zoom": 1.3,
            "itemStyle": {"areaColor": "#f1f3f5", "borderColor": "#adb5bd"},
            "emphasis": {"itemStyle": {"areaColor": "#ffe08a"}, "label": {"show": False}},
        },
        "series": [
            {
                "name": _("Partners"),
                "type": "map",
                "itemStyle": {"color": "#1f5fa8"},
                "geoIndex": 0,
                "data": [{"name": p["name"], "value": p["value"], "url": p["url"]} for p in board.partners],
            },
            {
                "name": _("Outgoing"),
                "type": "lines",
                "coordinateSystem": "geo",
                "effect": {"show": True, "symbolSize": 4},
                "lineStyle": {"curveness": 0.25, "opacity": 0.7, "color": "#d9480f"},
                "itemStyle": {"color": "#d9480f"},
                "data": lines(outgoing, True),
            },
            {
                "name": _("Incoming"),
                "type": "lines",
                "coordinateSystem": "geo",
                "effect": {"show": True, "symbolSize": 4},
                "lineStyle": {"curveness": -0.25, "opacity": 0.7, "color": "#2b8a3e"},
                "itemStyle": {"color": "#2b8a3e"},
                "data": lines(incoming, False),
            },
        ],
    }


def _trend_option(board: selectors.Board) -> dict[str, Any]:
    series = []
    for indicator, values in board.trends:
        days = indicator.unit_en == "person-days"
        series.append(
            {
                "name": indicator.name,
                "type": "line",
                "yAxisIndex": 1 if days else 0,
                "data": [
                    {
                        "value": v,
                        "url": None
                        if board.aggregate
                        else f"/indicators/{indicator.code}/?year={y}"
                        + (f"&unit={board.filters.unit.pk}" if board.filters.unit else ""),
                    }
                    for y, v in zip(board.trend_years, values, strict=True)
                ],
            }
        )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "type": "scroll"},
        "grid": {"left": 50, "right": 60, "top": 30, "bottom": 60},
        "xAxis": {"type": "category", "data": [str(y) for y in board.trend_years]},
        "yAxis": [{"type": "value", "name": _("people")}, {"type": "value", "name": _("person-days")}],
        "series": series,
    }


def _ranking_option(board: selectors.Board) -> dict[str, Any]:
    rows = list(reversed(board.ranking))
    return {
        "tooltip": {"trigger": "item"},
        "grid": {"left": 140, "right": 30, "top": 10, "bottom": 30},
        "xAxis": {"type": "value"},
        "yAxis": {
            "type": "category",
            "data": [r["label"] for r in rows],
            "axisLabel": {"width": 130, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "name": _("Score") if not board.aggregate else _("Students going abroad"),
                "data": [{"value": r["value"], "url": r["url"]} for r in rows],
                "label": {"show": True, "position": "right"},
                "itemStyle": {"color": "#1f5fa8"},
            }
        ],
    }


HEALTH_COLOURS = {"in_use": "#2b8a3e", "dormant": "#868e96", "at_risk": "#e03131", "expiring": "#f08c00"}


def _health_option(board: selectors.Board) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
        # The legend names the slices at the top; each slice shows only its count, so that no label
        # runs into the legend or into another label.
        "legend": {"top": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "radius": ["35%", "62%"],
                "center": ["50%", "58%"],
                "avoidLabelOverlap": True,
                "label": {"formatter": "{c}"},
                "data": [
                    {
                        "name": h["label"],
                        "value": h["value"],
                        "url": h["url"],
                        "itemStyle": {"color": HEALTH_COLOURS.get(h["key"], "#adb5bd")},
                    }
                    for h in board.health
                    if h["value"]  # a slice of 0 draws nothing but its label, over the others'
                ],
            }
        ],
    }
