"""The demo: data for `pckb demo` (data.py), invented names (people.py) and the loader (loader.py).

`pckb manage load_demo` loads it; `pckb demo` does so on an empty database.
"""
