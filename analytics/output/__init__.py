"""What leaves Threadscope: the exported tables (``export``) and the report ZIP (``bundle``).
The top stage under the CLI and the pages.
"""
