"""Versions that mean something: a keyed diff of two versions of the package, the smallest
semantic-version bump the difference needs, and releases found from git history."""
