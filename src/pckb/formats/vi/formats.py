"""Vietnamese: dd/mm/yyyy first (what the date boxes show), then ISO for links."""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
FIRST_DAY_OF_WEEK = 1
