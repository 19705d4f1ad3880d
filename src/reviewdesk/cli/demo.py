"""`reviewdesk demo` (what `make demo` runs): ingest a sample into the embedded store through
the pipeline and serve the desk, printing its address."""

from __future__ import annotations

import typer
import uvicorn

from reviewdesk.cli import app
from reviewdesk.cli.serve import settle_heap
from reviewdesk.demo import DEFAULT_DB, demo_users, free_port, load


@app.command("demo")
def demo(
    db: str = typer.Option(
        str(DEFAULT_DB),
        "--db",
        envvar="REVIEWDESK_DEMO_DB",
        help="The demo's own record (SQLite path or postgresql:// URL; env REVIEWDESK_DEMO_DB).",
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to serve on."),
    port: int = typer.Option(8000, "--port", envvar="PORT", help="Port (a free one if taken)."),
    sample: str = typer.Option(
        "auto",
        "--sample",
        help="Which letters: auto (the corpus when present), corpus, or fictional.",
    ),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve after ingesting."),
) -> None:
    """Ingest the sample letters (the real corpus next to the repository, else the fictional
    ones shipped with the code), then serve the desk until interrupted."""
    if sample not in ("auto", "corpus", "fictional"):
        raise typer.BadParameter(
            f"{sample!r}: give auto, corpus or fictional", param_hint="--sample"
        )
    load(db, sample)
    people = demo_users(db)
    print("Demo accounts (new passwords each run; sign in at /login):", flush=True)
    for user in people:
        of = f" of {user.company}" if user.company else ""
        print(f"  {user.username:<16} {user.password:<14} {user.role}{of}", flush=True)
    print(
        f"The command line reads this record with --db {db} (or: export REVIEWDESK_DB={db})",
        flush=True,
    )
    if not serve:
        return
    from reviewdesk.web import create_app

    desk = create_app(db)
    chosen = free_port(host, port)
    print(f"ReviewDesk demo is serving at http://{host}:{chosen}/ (Ctrl-C stops it)", flush=True)
    settle_heap()
    uvicorn.run(desk, host=host, port=chosen, log_level="warning")
