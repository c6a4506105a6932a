"""peertui: run an executive peer-group meeting in the terminal, and keep its memory."""

__version__ = "0.1.0"
