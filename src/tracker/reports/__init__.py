"""Everything that leaves the application as a file.

- ``images``: chart images (PNG/SVG/PDF) from one reused headless Chromium;
- ``workbook``: CSV and XLSX (native Excel charts), with formula-like text neutralised;
- ``pack``: a briefing pack's content (charts, KPIs, sources), read once;
- ``slides`` (PowerPoint), ``pdf`` (A4 report) and ``briefing`` (which format, file names, XLSX).
"""
