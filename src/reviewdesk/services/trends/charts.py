"""Charts of trends tables: Vega-Lite specs built with Altair and rendered to SVG or PNG on
the server by vl-convert, so the desk needs no JavaScript and a bar can link to its search."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import altair as alt
import vl_convert

from reviewdesk.services.trends.model import TrendTable

BAR_COLOUR = "#4a5d7e"


def chart_rows(table: TrendTable, link_base: str | None) -> list[dict[str, Any]]:
    """One datum per row that has a value: its label, value and (given a base URL) the
    search it drills into."""
    if table.chart is None:
        return []
    spec = table.chart
    index = table.columns.index(spec.value)
    labels = [table.columns.index(c) for c in spec.label]
    out = []
    for row, search in zip(table.rows, table.searches, strict=True):
        value = row[index]
        if not isinstance(value, int | float):
            continue
        datum: dict[str, Any] = {
            "label": " · ".join(str(row[i]) for i in labels),
            "value": value,
        }
        if link_base is not None and search is not None:
            datum["link"] = f"{link_base.rstrip('/')}/search?{urlencode(search)}"
        out.append(datum)
    return out


def chart(table: TrendTable, link_base: str | None = None) -> dict[str, Any] | None:
    """The Vega-Lite spec of a horizontal bar chart of the table's chart column, values printed at the bars' ends
    (readable without colour); None when the table has no chart or no values."""
    if table.chart is None:
        return None
    data = chart_rows(table, link_base)
    if not data:
        return None
    spec = table.chart
    title = f"{spec.value} ({spec.unit})" if spec.unit else spec.value
    order = [d["label"] for d in data]
    base = alt.Chart(alt.InlineData(values=data)).encode(
        y=alt.Y("label:N", sort=order, title=" · ".join(spec.label), axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=title),
    )
    encoding: dict[str, Any] = {"tooltip": [alt.Tooltip("label:N"), alt.Tooltip("value:Q")]}
    if any("link" in d for d in data):
        encoding["href"] = alt.Href("link:N")
    bars = base.mark_bar(color=BAR_COLOUR).encode(**encoding)
    text = base.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text("value:Q"))
    height = max(60, 22 * len(data))
    layered = (bars + text).properties(title=table.title, width=420, height=height)
    drawn: dict[str, Any] = layered.to_dict()
    return drawn


def render(table: TrendTable, image: str, link_base: str | None = None) -> str | bytes | None:
    """The table's chart as SVG text or PNG bytes (`image` 'svg' or 'png'); None without one."""
    drawn = chart(table, link_base)
    if drawn is None:
        return None
    if image == "png":
        png: bytes = vl_convert.vegalite_to_png(drawn, scale=2)
        return png
    if image == "svg":
        svg: str = vl_convert.vegalite_to_svg(drawn)
        return svg
    raise ValueError(f"no chart format {image!r}; give svg or png")
