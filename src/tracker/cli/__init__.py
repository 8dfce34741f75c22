"""The ``tracker`` command: every argparse definition lives in this package; core modules expose
plain functions.

- ``main``: the parser, ``main()`` and the commands about the database itself (init, seed,
  migrate, info, serve);
- ``exports``: ``tracker export briefing|data|records``;
- ``spreadsheets``: ``tracker template|import|backup|restore``;
- ``users``: ``tracker user ...`` (accounts, as the operator);
- ``common``: what every command shares (the operator identity, language, database).
"""
