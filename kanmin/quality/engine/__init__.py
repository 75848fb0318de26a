"""Machine-readability engine: pure Python, no Django.

Entry points: :func:`check.check_file` (findings, score, stars), :func:`convert.convert_file`
(clean UTF-8 CSV plus a change log) and :func:`standards.validate_csv` (fast schema validation).
"""
