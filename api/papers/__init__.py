"""Official papers in the administrative format of ND30/2020: one model, three renderers.

`model.Paper` holds what a paper says (issuing body, number, place and date, title, body,
annexed table, signer, recipients); `pdf`, `word` and `sheet` render it as PDF (reportlab),
DOCX (python-docx) and XLSX (openpyxl). `content` builds papers from a dossier.
"""
