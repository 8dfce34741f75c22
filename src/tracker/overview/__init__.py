"""Overview: the programme's KPIs, next milestones, recent events and sources.

``reads`` (the KPI figures, read once) -> ``view`` (cards and tables) -> ``charts`` (the announced
total over time, milestones by year).
"""
