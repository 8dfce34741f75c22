"""Who may do what: roles, identities, local accounts, sign-in throttling, sessions and audit.

- ``roles``: viewer < editor < admin, the action -> minimum-role table, :class:`Identity`,
  :class:`AccessDenied` and :func:`check` (the one question every write path asks);
- ``passwords``: argon2id hashing (argon2-cffi; no hand-written crypto);
- ``users``: local accounts (add, list, disable, password, role), every change audited;
- ``signin``: password sign-in with throttling per account and per client;
- ``sessions``: idle expiry of a signed-in session (``TRACKER_SESSION_IDLE_MINUTES``);
- ``sso``: single sign-on claims (e-mail, groups) mapped to roles;
- ``modes``: local single-user mode, accounts, public read-only;
- ``audit``: sign-ins, failed attempts, account changes and data changes, for administrators.

Nothing here imports Streamlit; ``tracker.ui.access`` is the page guard built on it.
"""
