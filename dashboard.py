"""Router: page config, the shared sidebar, navigation. Nothing else lives here."""

import streamlit as st

from tracker import i18n
from tracker.ui import navigation, page_setup, print_styles, sidebar
from tracker.ui.state import forget_selection

# An emoji favicon is drawn from a data: URL; a ":material/...:" favicon is fetched from Google.
st.set_page_config(page_title=i18n.t("app.title"), page_icon="📊", layout="wide")
print_styles()
selected = sidebar()
page_setup(selected.lang)  # <html lang>, contrast and focus styles
try:
    st.navigation(navigation.build(selected.lang, selected.initiative_count)).run()
finally:
    forget_selection()
