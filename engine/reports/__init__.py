"""Reports a validator hands back to departments: an Excel workbook and a self-contained HTML page."""
