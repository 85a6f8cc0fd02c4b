"""The national view: sites' results for one questionnaire side by side, ranked with care,
and their renderings (text, CSV, JSON, XLSX, chart, paged table)."""
