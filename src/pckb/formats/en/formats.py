"""English pages: the same dd/mm/yyyy as the Vietnamese ones (never mm/dd/yyyy), then ISO."""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
FIRST_DAY_OF_WEEK = 1
