"""Maps: sites, centres and regional envelopes, drawn with pydeck, offline.

``boundaries`` (the bundled GeoJSON, read and simplified) -> ``reads`` (SQL, as of a date) ->
``view`` (details, tables and labels in a language) -> ``decks`` (pure deck builders).
"""
