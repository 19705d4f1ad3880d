"""A watch's search parameters (the names of the search page's query string: q, scope and
each filter) as stored, and the search they run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any

from reviewdesk.services.search import Scope, SearchError, SearchFilters, SearchQuery
from reviewdesk.services.search.filters import label_filters_check
from reviewdesk.services.search.words import read_words

FILTER_NAMES = tuple(f.name for f in dataclasses.fields(SearchFilters))
URL_NAMES = {"date_from": "from", "date_to": "to"}
"""Filters the search page's query string names otherwise than SearchFilters does."""
PARAM_NAMES = ("q", "scope", *(URL_NAMES.get(name, name) for name in FILTER_NAMES))
"""The parameters a watch keeps, as the search page's query string names them; any other
(page, per_page, sort: a watch lists its newest matches) is dropped."""


def _value_type(name: str) -> type:
    """The type a filter's value has (the non-None member of its optional type)."""
    hint = typing.get_type_hints(SearchFilters)[name]
    members = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    kind: type = next(m for m in members if m is not type(None))
    return kind


def _filter_value(name: str, raw: object) -> Any:
    """A stored filter value as SearchFilters holds it; SearchError names a bad one."""
    kind = _value_type(name)
    text = str(raw).strip()
    try:
        if kind is int:
            return int(text)
        if kind is dt.date:
            return dt.date.fromisoformat(text)
        if issubclass(kind, Enum):
            return kind(text)
    except ValueError as exc:
        raise SearchError(f"{name}={text!r} is not a valid {name}") from exc
    return text


def clean_params(given: Mapping[str, object]) -> dict[str, str]:
    """The watchable parameters of a search request, as text, blanks and the default scope
    (all) dropped."""
    kept = {
        name: str(given[name]).strip()
        for name in PARAM_NAMES
        if given.get(name) is not None and str(given[name]).strip()
    }
    if kept.get("scope") == Scope.all.value:
        del kept["scope"]
    return kept


def query_of(params: Mapping[str, object], per_page: int = 20) -> SearchQuery:
    """The search a watch runs; SearchError when a value is out of range."""
    filters = SearchFilters(
        **{
            name: _filter_value(name, params[URL_NAMES.get(name, name)])
            for name in FILTER_NAMES
            if URL_NAMES.get(name, name) in params
        }
    )
    try:
        scope = Scope(str(params.get("scope", "all")))
    except ValueError as exc:
        raise SearchError(
            f"scope={params.get('scope')!r} is not all, comments or responses"
        ) from exc
    return SearchQuery(str(params.get("q", "")), filters, scope, 1, per_page)


def checked(params: Mapping[str, object]) -> SearchQuery:
    """The search of `params` after the checks a search makes (words readable, codes in the
    vocabulary); a search with neither words nor filters would watch the whole record and is
    refused."""
    query = query_of(params)
    if not query.text.strip() and not query.filters.active():
        raise SearchError(
            "a watch needs words or a filter: give q, or a company, topic, office ..."
        )
    if query.text.strip():
        read_words(query.text)
    label_filters_check(query.filters)
    return query


def describe(params: Mapping[str, object]) -> str:
    """A short name for a search: its words and filters ('"non-GAAP" · topic=non_gaap')."""
    parts = [f'"{params["q"]}"'] if params.get("q") else []
    parts.extend(f"{name}={params[name]}" for name in PARAM_NAMES[1:] if params.get(name))
    return " · ".join(parts)[:200]
