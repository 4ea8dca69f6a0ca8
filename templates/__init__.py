"""The report templates (installed as package data ``fofxl_templates``; built by ``build.py``)."""
