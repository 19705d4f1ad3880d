"""Interfaces: the desk's web pages and HTTP API over the record."""

from reviewdesk.web.app import create_app

__all__ = ["create_app"]
