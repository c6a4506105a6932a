"""The live meeting: the screen (screen.py), its part in the room as driver or note-taker
(role.py), the ticker that wakes it each second shown (ticker.py), and the dialogs opened
from it: speaking order (also used at setup) and the wrap-up rating (also from the roster).

Nothing is imported here, so importing one of them costs only what it needs."""
