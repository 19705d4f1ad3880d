"""The published OpenAPI schema checked against the running app by schemathesis (in-process
ASGI, a bounded number of generated requests per operation): no server errors, documented
status codes and content types, responses that match the schema."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from reviewdesk.web import create_app
from tests.web.conftest import FICTIONAL_LETTERS

pytestmark = pytest.mark.slow


def desk_schema() -> schemathesis.BaseSchema:
    """The schema of the desk over the fictional demo letters (built once, at collection)."""
    from reviewdesk.pipeline import ingest_paths
    from reviewdesk.record import open_store

    folder = Path(tempfile.mkdtemp(prefix="reviewdesk-schemathesis-"))
    store = open_store(str(folder / "schema.sqlite"))
    ingest_paths(store, [FICTIONAL_LETTERS], FICTIONAL_LETTERS / "manifest.csv", jobs=1)
    loaded = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(store))
    return loaded.include(path_regex=OWN_PATHS)


OWN_PATHS = r"^/api/(dashboard|companies|reviews|letters|search|trends|me|desk|comments|responses|watchlist)"
"""Every /api route whose response has a read model (reading, search, trends, and the desk's
routes as the anonymous see them: released reviews, 401 elsewhere)."""

schema = desk_schema()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ]
    )
