"""fofxl_addin: the Excel layer of fofxl (xlwings UDFs, cell conversion, the xlwings book)."""
