"""rulebook: rule-as-data validation of government final-accounts disclosures."""
__version__ = "0.1.0"
