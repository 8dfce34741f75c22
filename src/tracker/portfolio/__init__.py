"""Portfolio: every initiative compared in one view, health status, ranking and comparable units.

``reads`` (one row of figures per initiative, aggregated in a few grouped SQL queries) -> ``metrics``
(envelope, execution against elapsed time, the health rule, ranking, per-capita and per-GRDP units;
pure) -> ``view`` (cards and the table in a language and unit) -> ``charts`` (pure figure builders
and their catalogue entries, shared with the briefing pack).
"""
