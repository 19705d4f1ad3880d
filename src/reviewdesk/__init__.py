"""ReviewDesk: read, record, answer and run SEC filing reviews and comment letters."""

__version__ = "0.1.0"
