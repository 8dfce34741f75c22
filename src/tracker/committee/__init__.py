"""Committee: meetings, decisions, action items, strategies and tasks, and "since the last meeting".

``reads`` (SQL, as of a date; two snapshots for a change summary) -> ``metrics`` (overdue rule,
default window, the diff of two snapshots; pure) -> ``view`` (tables and cards in a language) ->
``charts`` (the strategy tree).
"""
