"""Documents rendered by the server (PDF) from plain record data."""
