"""`python -m server` runs the palier command line."""

from server.cli import main

main()
