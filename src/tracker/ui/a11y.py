"""Accessibility glue drawn on every run: the page language, readable captions, a focus ring.

Streamlit writes ``<html lang="en">`` whatever the content; screen readers then read Korean with an
English voice. The sidebar's language switch sets it here. Colours come from :mod:`tracker.theme`.
"""

from __future__ import annotations

import json

import streamlit as st

from .. import theme

# Streamlit draws captions in its text colour at 60 % opacity (#828180 by default: 3.88:1):
# full opacity in the muted ink instead (6.4:1).
# The focus ring is drawn on :focus-visible only (keyboard), 3 px in the accent colour.
A11Y_CSS = f"""
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stCaptionContainer"] code {{ color: {theme.MUTED_INK} !important; }}
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; }}
[data-testid="stWidgetLabel"] p, [data-testid="stMetricLabel"] p {{ color: {theme.INK}; }}
*:focus-visible {{ outline: 3px solid {theme.PRIMARY} !important; outline-offset: 2px; }}
.stApp [role="tab"]:focus-visible, .stApp summary:focus-visible,
.stApp button:focus-visible, .stApp a:focus-visible {{
  outline: 3px solid {theme.PRIMARY} !important; outline-offset: 2px; }}
</style>
"""

# The scroll box Streamlit wraps around an st.table is not focusable, so a keyboard user cannot
# scroll a wide table (axe: scrollable-region-focusable): make each one a named, focusable region.
_LANG_SCRIPT = """
<script>
document.documentElement.lang = {lang};
if (!window.__trackerTableRegions) {{
  window.__trackerTableRegions = true;
  let queued = false;
  const label = (box) => {{
    const expander = box.closest('[data-testid="stExpander"]');
    const summary = expander && expander.querySelector("summary");
    return (summary && summary.innerText.trim()) || "table";
  }};
  const mark = () => {{
    queued = false;
    document.querySelectorAll('[data-testid="stTable"] > div:not([tabindex])').forEach((box) => {{
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label(box));
    }});
  }};
  new MutationObserver(() => {{
    if (!queued) {{ queued = true; requestAnimationFrame(mark); }}
  }}).observe(document.body, {{ childList: true, subtree: true }});
  mark();
}}
</script>
"""


def page_setup(lang: str) -> None:
    """Set ``<html lang>`` to the chosen language and draw the colour and focus styles (in the
    sidebar, so that the main area gets no empty block at its top)."""
    with st.sidebar:
        st.html(A11Y_CSS)
        st.html(_LANG_SCRIPT.format(lang=json.dumps(lang)), unsafe_allow_javascript=True)
