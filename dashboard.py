"""Router: page config, the sign-in gate, the shared sidebar, navigation. Nothing else lives here."""

import streamlit as st

from tracker import i18n
from tracker.ui import access, navigation, page_setup, sidebar
from tracker.ui.charts import print_styles
from tracker.ui.state import engine, forget_selection

# An emoji favicon is drawn from a data: URL; a ":material/...:" favicon is fetched from Google.
st.set_page_config(page_title=i18n.t("app.title"), page_icon="📊", layout="wide")
print_styles()
engine()  # a database at another schema revision stops here, saying what to do
who = access.current()
if who is None:  # accounts exist and nobody is signed in: the sign-in screen is all there is
    # every page routed (none is run), so that a deep link opens its page after sign-in
    st.navigation(navigation.build(access.url_lang()), position="hidden")
    access.sign_in_screen()
    st.stop()
access.sidebar_status(who)
selected = sidebar()
page_setup(selected.lang)  # <html lang>, contrast and focus styles
try:
    # every page listed: folded, Streamlit hides the data pages behind an English "View 5 more"
    pages = navigation.build(selected.lang, selected.initiative_count, who.role)
    st.navigation(pages, expanded=True).run()
finally:
    forget_selection()
