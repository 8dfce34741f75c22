"""Partners: agreements (MOUs), incoming centres, sourced tallies, the funnel, who is stalled.

``reads`` (SQL, as of a date) -> ``metrics`` (funnels, durations, stalled; pure) -> ``view``
(tables, cards, texts) -> ``charts`` (funnel, cumulative MOUs, breakdown, pledged investment).
"""
