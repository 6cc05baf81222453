"""Everything a resume becomes outside the editor: its HTML and PDF, Word, plain text and JSON
Resume, the rendered files kept for it and its downloads."""
