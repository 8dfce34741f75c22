"""Site map: where the sites, centres and investments are, and a national view; works offline."""

import streamlit as st

from tracker import config
from tracker.db import queries
from tracker.maps import boundaries as maps_boundaries
from tracker.maps import decks as maps_decks
from tracker.maps import reads as maps_reads
from tracker.maps import regions as maps_regions
from tracker.maps import sites as maps_sites
from tracker.maps import view as maps_view
from tracker.ui import cached_figure, call, selection
from tracker.ui.charts import show_chart
from tracker.ui.state import follow_click

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
# The national view is an SVG figure: neither a basemap nor columns apply to it.
columns_3d = controls[1].toggle(
    sel.t("map.columns"), value=False, key="columns_3d", help=sel.t("map.columns_help"),
    disabled=view == "national",
)  # fmt: skip
tiles = controls[2].toggle(
    sel.t("map.tiles"), value=False, key="tiles", help=sel.t("map.tiles_help"),
    disabled=view == "national",
)  # fmt: skip
st.caption(sel.t("common.as_of_stamp", date=sel.as_of.isoformat()))

settings = config.settings()

if view == "national":
    setting, (boundaries, problem) = (
        "TRACKER_REGION_BOUNDARIES",
        maps_boundaries.try_boundaries(settings.region_boundaries),
    )
    envelopes = call(maps_reads.region_envelopes, sel.as_of)
    if boundaries is None:
        st.warning(
            sel.t("map.boundary_error", reason=problem, setting=setting), icon=":material/warning:"
        )
    else:  # the page's whole width: room for the labels beside the map
        result = cached_figure(maps_regions.national_map, envelopes,
                               str(settings.region_boundaries), lang=sel.lang, unit=sel.unit,
                               as_of=sel.as_of)  # fmt: skip
        show_chart(result, key="national-map", lang=sel.lang)
    st.dataframe(
        maps_view.envelope_table(envelopes, lang=sel.lang, unit=sel.unit),
        hide_index=True,
        placeholder="—",
    )
    st.stop()

if sel.initiative_key is None:
    st.info(sel.t("map.no_initiative"))
    st.stop()

map_column, side = st.columns([3, 1])

boundaries, problem = maps_boundaries.try_boundaries(settings.boundaries)
if problem:
    st.warning(
        sel.t("map.boundary_error", reason=problem, setting="TRACKER_BOUNDARIES"),
        icon=":material/warning:",
    )
places = call(maps_reads.places, sel.initiative_key, sel.as_of)
region = call(maps_reads.initiative_region, sel.initiative_key, sel.as_of)
region_code = region["kostat_code"] if region else None
with map_column:
    st.markdown(f"## {sel.initiative_name}")
    if columns_3d or tiles:  # WebGL: the tilted columns, or a basemap under the sites
        deck = maps_decks.site_deck(places, boundaries, lang=sel.lang, unit=sel.unit, tiles=tiles,
                                    region_code=region_code, columns=columns_3d)  # fmt: skip
        event = st.pydeck_chart(
            deck, key="site-map", height=640, on_select="rerun", selection_mode="single-object"
        )
        if boundaries is not None:
            st.caption(sel.t("map.attribution"))
    else:  # 2D, drawn as SVG: no WebGL for a browser without a GPU to draw in software
        result = cached_figure(
            maps_sites.site_map, places, None if boundaries is None else str(settings.boundaries),
            lang=sel.lang, unit=sel.unit, as_of=sel.as_of, region_code=region_code,
            title=sel.t("map.site_title", name=sel.initiative_name),
        )  # fmt: skip
        event = show_chart(result, key="site-map-2d", lang=sel.lang, on_select="rerun")
    if maps_view.placed(places).empty:
        st.info(sel.t("map.no_places"), icon=":material/location_off:")

with side:
    st.markdown(f"### {sel.t('map.details')}")
    # a click on the map and the list both choose; the list reaches every place by keyboard
    names = maps_view.place_names(places, sel.lang)
    clicked = maps_view.selected_place(event.selection, places)
    follow_click("map_place", clicked["key"] if clicked else None, names)
    chosen_key = st.selectbox(
        sel.t("map.place_choice"),
        ["", *names],
        format_func=lambda k: names.get(k, sel.t("map.place_none")),
        key="map_place",
    )
    chosen = maps_view.place_by_key(places, chosen_key)
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
        st.dataframe(
            maps_view.unplaced_table(missing, lang=sel.lang), hide_index=True, placeholder="—"
        )
        st.caption(sel.t("map.unplaced_caption"))
