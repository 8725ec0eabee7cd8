"""Running a rulebook over documents: check, findings, output formats, explain, coverage, batch."""
