"""The one Excel import mechanism: column specifications, bounds, template, preview, all-or-nothing commit.

An app declares an `Importer` in its `imports.py` (see `importers.py`); pages use
`core.imports.views.ImportView`, the API `core.imports.api.import_response`. Submodules are imported
directly (`from pckb.core.imports.columns import TextColumn`): this package loads before the models.
"""
