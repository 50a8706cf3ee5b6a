"""The sync engine: push, pull, the merge driver, bulk writes, the change log, server edits.

It works from the declarations of `server.families` and holds no code of a family of its own;
every decision on a single record is the pure core's (`sync`).
"""
