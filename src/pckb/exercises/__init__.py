"""Exercises (drills): planned, conducted, evaluated; their improvement items become tasks (#12)."""
