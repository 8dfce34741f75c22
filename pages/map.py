"""Site map: where the sites, centres and investments are, and a national view; works offline."""

import streamlit as st

from tracker import config
from tracker.db import queries
from tracker.maps import boundaries as maps_boundaries
from tracker.maps import decks as maps_decks
from tracker.maps import reads as maps_reads
from tracker.maps import regions as maps_regions
from tracker.maps import view as maps_view
from tracker.ui import call, selection

sel = selection()
st.title(sel.t("map.title"))

if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()

views = ("sites", "national")
controls = st.columns([2, 1, 1])
view = controls[0].segmented_control(
    sel.t("map.view_label"),
    views,
    format_func=lambda v: sel.t(f"map.view.{v}"),
    default="sites",
    key="map_view",
    required=True,
    bind="query-params",
)
# 2D by default: without a GPU the tilted deck and its columns cost the browser seconds.
columns_3d = controls[1].toggle(
    sel.t("map.columns"), value=False, key="columns_3d", help=sel.t("map.columns_help")
)
tiles = controls[2].toggle(
    sel.t("map.tiles"), value=False, key="tiles", help=sel.t("map.tiles_help")
)
st.caption(sel.t("common.as_of_stamp", date=sel.as_of.isoformat()))

settings = config.settings()
map_column, side = st.columns([3, 1])

if view == "national":
    setting, (boundaries, problem) = (
        "TRACKER_REGION_BOUNDARIES",
        maps_boundaries.try_boundaries(settings.region_boundaries),
    )
    envelopes = call(maps_reads.region_envelopes, sel.as_of)
    with side:
        st.caption(sel.t("map.national_caption"))
        st.dataframe(
            maps_view.envelope_table(envelopes, lang=sel.lang, unit=sel.unit), hide_index=True
        )
    if boundaries is None:
        st.warning(
            sel.t("map.boundary_error", reason=problem, setting=setting), icon=":material/warning:"
        )
        st.stop()
    deck = maps_regions.national_deck(
        envelopes, boundaries, lang=sel.lang, unit=sel.unit, tiles=tiles
    )
    with map_column:
        st.pydeck_chart(deck, key="national-map", height=640)
        st.caption(sel.t("map.attribution"))
    st.stop()

if sel.initiative_key is None:
    st.info(sel.t("map.no_initiative"))
    st.stop()

boundaries, problem = maps_boundaries.try_boundaries(settings.boundaries)
if problem:
    st.warning(
        sel.t("map.boundary_error", reason=problem, setting="TRACKER_BOUNDARIES"),
        icon=":material/warning:",
    )
places = call(maps_reads.places, sel.initiative_key, sel.as_of)
region = call(maps_reads.initiative_region, sel.initiative_key, sel.as_of)
deck = maps_decks.site_deck(
    places,
    boundaries,
    lang=sel.lang,
    unit=sel.unit,
    tiles=tiles,
    region_code=region["kostat_code"] if region else None,
    columns=columns_3d,
)
with map_column:
    st.markdown(f"## {sel.initiative_name}")
    event = st.pydeck_chart(
        deck, key="site-map", height=640, on_select="rerun", selection_mode="single-object"
    )
    if boundaries is not None:
        st.caption(sel.t("map.attribution"))
    if maps_view.placed(places).empty:
        st.info(sel.t("map.no_places"), icon=":material/location_off:")

with side:
    st.markdown(f"### {sel.t('map.details')}")
    chosen = maps_view.selected_place(event.selection, places)
    if chosen is None:
        st.caption(sel.t("map.details_hint"))
    else:
        st.markdown(f"**{maps_view.place_name(chosen, sel.lang)}**")
        for label, value in maps_view.place_details(chosen, sel.lang, sel.unit):
            st.markdown(f"- {label}: {value}")
    st.markdown(f"### {sel.t('map.legend_title')}")
    st.caption(sel.t("map.legend.text"))
    missing = maps_view.unplaced(places)
    if not missing.empty:
        st.markdown(f"### {sel.t('map.unplaced')}")
        st.dataframe(maps_view.unplaced_table(missing, lang=sel.lang), hide_index=True)
        st.caption(sel.t("map.unplaced_caption"))
