"""Grading cases and known mistakes, one module per chapter (see autograder.registry)."""
