"""One layout module per report: what goes where in its workbook (``build.py`` builds them)."""
