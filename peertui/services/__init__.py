"""Use cases that join the domain to the store; no textual here either."""
