"""Receipt and report rendering (reportlab PDF, ESC/POS raster). No Qt here: it returns bytes or paths."""
