"""The `reviewdesk` command line: one module per command group, registered on one app."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="reviewdesk",
    help="Read, record, answer and run SEC filing reviews and comment letters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _root() -> None:
    """Read, record, answer and run SEC filing reviews and comment letters."""


def _register() -> None:
    """Import the command modules; each adds its commands to `app`."""
    import reviewdesk.cli.demo
    import reviewdesk.cli.draft
    import reviewdesk.cli.fetch
    import reviewdesk.cli.ingest
    import reviewdesk.cli.precedents
    import reviewdesk.cli.release
    import reviewdesk.cli.reviews
    import reviewdesk.cli.search
    import reviewdesk.cli.search_index
    import reviewdesk.cli.serve
    import reviewdesk.cli.topics
    import reviewdesk.cli.topics_export
    import reviewdesk.cli.trends
    import reviewdesk.cli.users
    import reviewdesk.cli.watch  # noqa: F401
    from reviewdesk.cli import parse  # noqa: F401
    from reviewdesk.services.search.engine_index.stage import install as install_index_stage
    from reviewdesk.services.watchlist import install as install_digests

    install_digests()
    install_index_stage()


def main() -> None:
    """Entry point of the `reviewdesk` script."""
    _register()
    app()
