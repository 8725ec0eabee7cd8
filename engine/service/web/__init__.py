"""What people look at over HTTP: reports as Excel and self-contained HTML, and the browser workbench at /."""
