"""Trusted reference computations shared by several practices' hidden checks.

They run in the grader's process only, never in a student's kernel, and are the "expected"
side of checks whose inputs are drawn fresh for every course seed.
"""
