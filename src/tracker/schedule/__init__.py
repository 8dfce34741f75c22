"""Schedule: milestones planned and actual, slip, what is late and what is due next.

``reads`` (the schedule frame) -> ``metrics`` (slip and status rules, pure) -> ``view`` (labels
and tables) -> ``charts`` (the Gantt and its catalogue entry).
"""
