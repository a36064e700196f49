"""Input formats of dates in forms and filters, the same in every language (FORMAT_MODULE_PATH).

The pages write and the date picker fills dd/mm/yyyy; links and the API use ISO (yyyy-mm-dd). Django's
English formats would read 05/03/2026 as 3 May, so both languages name their formats here.
"""
