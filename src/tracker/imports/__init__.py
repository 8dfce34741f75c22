"""Spreadsheets in and out: Korean cell formats, CSV/XLSX reading with limits, the import plan
(every problem by row and column before anything is written), templates and the records export.

Nothing here imports Streamlit or argparse: the page and ``tracker.cli`` call these functions.
"""
