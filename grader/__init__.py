"""Autograder for a Spanish-language introductory machine-learning course: the
instructor's side (release, collect, autograde in a sandbox, report, feedback).

Students never import this package: released notebooks use the student client,
``grader_client`` (``client/`` in this repository), which this package depends on.
"""
__version__ = "0.1.0"
