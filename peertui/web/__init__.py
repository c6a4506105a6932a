"""`peertui serve` behind a key: the rules (keys.py), the browser sessions (sessions.py),
the web server glue (server.py) and the optional certificate (tls.py).

Nothing is imported here: the app imports sessions.py alone, without aiohttp.
"""
