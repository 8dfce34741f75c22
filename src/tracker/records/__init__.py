"""Keeping records up to date from the browser: forms derived from ``db.kinds``, the current
records of a kind, validated add / edit / withdraw writes, history, diff, restore, change log.

- ``forms``: the form spec of a kind (one generic form, never one per kind) and its validation;
- ``reads``: current records, reference choices, versions of one record, the change log;
- ``writes``: add, edit, withdraw, restore and table edits through ``store.apply`` (who: ``author``);
- ``metrics``: pure functions (diff between two versions, rows changed in a table edit);
- ``view``: tables and texts in a language.
"""
