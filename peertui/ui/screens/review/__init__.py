"""Looking back: the past meetings (past.py), one meeting in detail (meeting.py), search
across every meeting (search.py), the action items across meetings (actions.py), their
small dialogs (dialogs.py), and router.py, through which they open one another.

Nothing is imported here, so importing one of them costs only what it needs."""
