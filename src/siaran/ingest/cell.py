"""One cell of a sheet as siaran reads it, whatever the container.

A CSV gives text (or ``None`` for a blank cell); a workbook gives each cell the type openpyxl
gives it (numbers, booleans, dates and times as well). The readers (:mod:`siaran.ingest.source`,
:mod:`siaran.ingest.xlsx_read`) and the layouts all speak of cells in this one type.
"""

from __future__ import annotations

import datetime as dt

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
