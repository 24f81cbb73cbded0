"""REFI-QDA (QDA-XML 1.0) exchange: ``.qdpx`` projects and ``.qdc`` codebooks."""

from siaran.casework.refiqda.exporter import ExportReport, export_qdc, export_qdpx
from siaran.casework.refiqda.importer import ImportReport, import_qdc, import_qdpx
from siaran.casework.refiqda.model import Project
from siaran.casework.refiqda.project import load_project
from siaran.casework.refiqda.reader import read_qdc, read_qdpx

__all__ = [
    "ExportReport",
    "ImportReport",
    "Project",
    "export_qdc",
    "export_qdpx",
    "import_qdc",
    "import_qdpx",
    "load_project",
    "read_qdc",
    "read_qdpx",
]
