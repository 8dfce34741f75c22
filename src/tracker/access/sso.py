"""Single sign-on (Streamlit's OpenID Connect, ``st.login``): claims mapped to roles.

The mapping lives in ``.streamlit/secrets.toml`` beside the ``[auth]`` table::

    [tracker.roles]
    admin = ["kim.minji@gwangju.go.kr"]
    editor = ["*@gwangju.go.kr"]          # shell-style patterns on the e-mail
    viewer = ["*@council.gwangju.kr"]
    claim = "groups"                      # optional: also match these claim values
    admin_groups = ["tracker-admins"]
    editor_groups = ["tracker-editors"]
    default = ""                          # role of a signed-in person nobody mapped ("" = none)

The highest matching role wins. An e-mail the provider marks unverified (``email_verified`` false)
matches no e-mail pattern.
"""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase

from .roles import Identity, Role


def role_for(claims: Mapping, mapping: Mapping) -> Role | None:
    email = str(claims.get("email") or "").strip().lower()
    if claims.get("email_verified") is False:
        email = ""
    claim_name = mapping.get("claim")
    raw = claims.get(claim_name) if claim_name else None
    values = {str(v) for v in (raw if isinstance(raw, list | tuple) else [raw] if raw else [])}
    best: Role | None = None
    for role in Role:
        patterns = [str(p).strip().lower() for p in mapping.get(role.code, []) or []]
        groups = {str(g) for g in mapping.get(f"{role.code}_groups", []) or []}
        hit = (email and any(fnmatchcase(email, p) for p in patterns)) or bool(values & groups)
        if hit and (best is None or role > best):
            best = role
    if best is None and mapping.get("default"):
        best = Role.parse(mapping["default"])
    return best


def identity_for(claims: Mapping, mapping: Mapping) -> Identity:
    name = str(claims.get("email") or claims.get("name") or claims.get("sub") or "sso-user")
    return Identity(name=name[:120], role=role_for(claims, mapping), via="sso")
