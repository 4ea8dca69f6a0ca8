"""fofxl_addin: the Excel layer of fofxl (xlwings UDFs, cell conversion, refresh)."""
