"""One loader per source family: read a raw file, validate it, return a tidy frame.

Every loader keeps the raw file's line number as the frame index (so a published-schema failure
still names the line) and adds ``source_id``, which joins ``datasets/catalog.yaml``.
"""
