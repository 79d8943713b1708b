"""medclean: scraped medical pages in, clean English/Chinese records out."""

__version__ = "0.1.0"
SCHEMA_VERSION = 1
