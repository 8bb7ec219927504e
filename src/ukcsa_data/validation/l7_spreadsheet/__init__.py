"""Layer 7, spreadsheet safety: no formula, invisible character or word read as missing."""
