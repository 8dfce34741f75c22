"""Sign in: user name and password (local accounts), or the organisation's single sign-on."""

from tracker.ui import access

access.sign_in_page()
