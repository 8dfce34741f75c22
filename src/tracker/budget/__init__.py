"""Budget and spending: plans by year and funding source, execution, forecast, envelopes.

``reads`` (SQL, as of a date) -> ``metrics`` (pure functions on the small frames) -> ``view`` (the
page's numbers, cards and tables in a language and unit) -> ``charts`` / ``plan_charts`` (pure figure
builders) -> ``entries`` (the catalogue entries that glue one view to every chart).
"""
